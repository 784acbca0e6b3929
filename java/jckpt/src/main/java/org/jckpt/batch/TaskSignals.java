package org.jckpt.batch;

import java.util.Map;
import sun.misc.Signal;

/**
 * Grid Engine sends its warnings (qsub -notify's SIGUSR1 before a suspend and SIGUSR2 before a
 * kill, s_rt's SIGUSR1) to the job's whole process group, and mpirun forwards them to the tasks
 * too. They are the launcher's to act on; a task's JVM would die of SIGUSR1 and crash on SIGUSR2.
 * So in a Grid Engine job every task ignores them, from its first call into jckpt on (a warning
 * before that, while the JVM starts, still ends the task). Its other signals, SIGSTOP for a
 * suspend included, reach the tasks as Grid Engine means them to.
 */
public final class TaskSignals {
    private TaskSignals() {
    }

    public static void ignoreBatchWarnings(Map<String, String> env) {
        if (GridEngineJob.runsIn(env)) {
            for (String name : new String[] {"USR1", "USR2"}) {
                Signal.handle(new Signal(name), s -> { });
            }
        }
    }
}
