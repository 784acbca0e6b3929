package org.jckpt.launch;

import java.util.Map;

/**
 * UCX (loaded by every Open MPI 5 task, by 4.x ones on InfiniBand, and by Debian's MPICH, which is
 * built for ch4:ucx) catches SIGSEGV, SIGBUS and SIGFPE to report crashes; but the JVM raises
 * SIGSEGV itself, on purpose (safepoint polls, implicit null checks), and UCX's handler then aborts
 * a healthy task. An empty list leaves those
 * signals to the JVM. A user's own setting is passed on unchanged.
 */
public final class UcxErrorSignals {
    public static final String VARIABLE = "UCX_ERROR_SIGNALS";

    private UcxErrorSignals() {
    }

    /** The tasks' setting, to be exported to every host. */
    public static Map<String, String> forTasks(Map<String, String> env) {
        return Map.of(VARIABLE, env.getOrDefault(VARIABLE, ""));
    }
}
