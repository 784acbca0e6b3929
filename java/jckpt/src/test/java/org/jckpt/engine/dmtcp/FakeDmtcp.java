package org.jckpt.engine.dmtcp;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.SkipException;

/**
 * The test-only stand-in for libdmtcp.so (native/dmtcp_fake.c, built by CMake next to
 * libjckpt.so): loads it, binds jckpt's bridge to it, and sets what its DMTCP functions return.
 */
final class FakeDmtcp {
    static final int AFTER_CHECKPOINT = 1;
    static final int AFTER_RESTART = 2;
    static final int NOT_PRESENT = 3;
    static final int IS_PRESENT = 4;
    static final Path LIBRARY = Path.of(System.getProperty("jckpt.home", "../.."), "build", "native",
            System.mapLibraryName("jckpt_dmtcp_fake")).toAbsolutePath().normalize();

    private FakeDmtcp() {
    }

    /** Loads the bridge and the stand-in, binds the one to the other; returns the functions found. */
    static int bind() {
        if (!Files.isRegularFile(LIBRARY)) {
            throw new SkipException("the DMTCP stand-in is not built (no " + LIBRARY + "); run ci/setup.sh");
        }
        NativeLibrary.load();
        System.load(LIBRARY.toString());
        set(1, AFTER_CHECKPOINT, IS_PRESENT);
        return DmtcpNative.bind(LIBRARY.toString());
    }

    /** What dmtcp_is_enabled, dmtcp_checkpoint and dmtcp_get_local_status return from now on. */
    static native void set(int enabled, int checkpointRc, int localStatusRc);

    /** Counts a checkpoint (or restart) as DMTCP's checkpoint thread would: no Java involved. */
    static native void simulate(boolean restart);
}
