package org.jckpt.engine.dmtcp;

/**
 * Whether this JVM can take DMTCP checkpoints: libjckpt.so loaded and the process running under
 * DMTCP. Decided once, at first use. {@code -Djckpt.dmtcp.library=FILE} binds DMTCP's functions
 * from FILE instead of from the process (the tests' stand-in for DMTCP).
 */
public final class Dmtcp {
    static final String LIBRARY_PROPERTY = "jckpt.dmtcp.library";

    private static final Throwable UNAVAILABILITY_CAUSE = probe();

    private Dmtcp() {
    }

    private static Throwable probe() {
        try {
            NativeLibrary.load();
            DmtcpNative.bind(System.getProperty(LIBRARY_PROPERTY));
            return DmtcpNative.isEnabled() ? null : new DmtcpNotRunningException("dmtcp_is_enabled");
        } catch (UnsatisfiedLinkError | DmtcpException e) {
            return e;
        }
    }

    /** True when checkpoints can be taken. */
    public static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why checkpoints cannot be taken, or null when they can. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    /** Throws the reason checkpoints cannot be taken, if any. */
    public static void ensureAvailability() {
        if (UNAVAILABILITY_CAUSE instanceof DmtcpException e) {
            throw e;
        }
        if (UNAVAILABILITY_CAUSE != null) {
            throw new DmtcpException("not running under DMTCP: jckpt's native library is missing ("
                    + UNAVAILABILITY_CAUSE.getMessage() + ")", UNAVAILABILITY_CAUSE);
        }
    }
}
