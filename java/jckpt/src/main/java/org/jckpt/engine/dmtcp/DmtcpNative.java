package org.jckpt.engine.dmtcp;

/**
 * DMTCP's C API as seen from Java. The {@code private static native} methods (in libjckpt.so)
 * return DMTCP's raw codes; the public methods map them to results or typed exceptions. Use
 * through {@link Dmtcp}, which loads the library first.
 */
public final class DmtcpNative {
    /** DMTCP's function is absent: the process does not run under DMTCP. */
    static final int UNRESOLVED = -1000;
    /** The library given to bind could not be opened. */
    static final int BIND_FAILED = -1001;
    /** DMTCP answered a status query with "not present". */
    static final int STATUS_ABSENT = -1002;

    /** dmtcp_checkpoint() return codes (dmtcp.h). */
    static final int AFTER_CHECKPOINT = 1;
    static final int AFTER_RESTART = 2;
    static final int NOT_PRESENT = 3;

    private DmtcpNative() {
    }

    private static native int bind0(String library);

    private static native String bindError0();

    private static native int isEnabled0();

    private static native int checkpoint0();

    private static native long localStatus0();

    private static native long coordinatorStatus0();

    private static native String checkpointDir0();

    private static native String uniquePid0();

    /**
     * Looks DMTCP's functions up in {@code library}, or in the process (where dmtcp_launch
     * preloads libdmtcp.so) when null; returns how many were found.
     */
    static int bind(String library) {
        int found = bind0(library);
        if (found == BIND_FAILED) {
            throw new DmtcpException("cannot open " + library + ": " + bindError0(), found);
        }
        return found;
    }

    /** Whether this process runs under DMTCP. */
    static boolean isEnabled() {
        return isEnabled0() == 1;
    }

    /** Checkpoints the whole computation; returns once this process resumed or was restarted. */
    static Snapshot checkpoint() {
        int rc = checkpoint0();
        return switch (rc) {
            case AFTER_CHECKPOINT -> Snapshot.RESUMED;
            case AFTER_RESTART -> Snapshot.RESTARTED;
            default -> throw failure("dmtcp_checkpoint", rc);
        };
    }

    /** How many times this process was checkpointed and restarted. */
    static LocalStatus localStatus() {
        long packed = localStatus0();
        if (packed < 0) {
            throw failure("dmtcp_get_local_status", (int) packed);
        }
        return new LocalStatus((int) (packed >>> 32), (int) packed);
    }

    /** Processes connected to the DMTCP coordinator. */
    static int coordinatorPeers() {
        long packed = coordinatorStatus0();
        if (packed < 0) {
            throw failure("dmtcp_get_coordinator_status", (int) packed);
        }
        return (int) (packed >>> 32);
    }

    /** Where this process's next image goes. */
    static String checkpointDir() {
        return requireText("dmtcp_get_ckpt_dir", checkpointDir0());
    }

    /** This process's DMTCP id, as in its image's name: {@code ckpt_<program>_<id>.dmtcp}. */
    static String uniquePid() {
        return requireText("dmtcp_get_uniquepid_str", uniquePid0());
    }

    private static String requireText(String function, String text) {
        if (text == null) {
            throw failure(function, UNRESOLVED);
        }
        return text;
    }

    /** The exception for DMTCP's code {@code rc} from {@code function}. */
    static DmtcpException failure(String function, int rc) {
        if (rc == UNRESOLVED || rc == NOT_PRESENT || rc == STATUS_ABSENT) {
            return new DmtcpNotRunningException(function);
        }
        return new DmtcpException(function + " failed (DMTCP code " + rc + ")", rc);
    }
}
