package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of an MPI job that jckpt starts: the variables every task gets (the launcher
 * exports them to every host) and those the launcher itself needs. Composed here alone, so that a
 * job started outside {@link Launcher} (bench-mpi, the binding's conformance runs) is the job a
 * {@code jckpt run} starts; one that lacked UCX_ERROR_SIGNALS once failed CI.
 */
public record JobEnvironment(Map<String, String> tasks, Map<String, String> launcher) {

    /**
     * For a job on {@code mpi} started from {@code env}, its tasks given {@code jobVariables} too
     * (jckpt's task configuration, the engine's); the launcher's root settings only when run by root.
     */
    public static JobEnvironment of(Mpi mpi, Map<String, String> env, Map<String, String> jobVariables) throws IOException {
        Map<String, String> tasks = new LinkedHashMap<>(jobVariables);
        tasks.putAll(UcxErrorSignals.forTasks(env));
        Map<String, String> launcher = new LinkedHashMap<>(mpi.launcherEnvironment());
        if (isRoot()) {
            launcher.putAll(mpi.rootEnvironment());
        }
        return new JobEnvironment(tasks, launcher);
    }

    /** A launch of {@code taskCount} tasks that exports the tasks' variables. */
    public Mpi.LaunchRequest launch(int taskCount, Path hostfile, Path jobDir) {
        return new Mpi.LaunchRequest(taskCount, hostfile, List.copyOf(tasks.keySet()), jobDir);
    }

    /** Sets every variable in the launcher's process environment {@code processEnv}. */
    public void applyTo(Map<String, String> processEnv) {
        processEnv.putAll(tasks);
        processEnv.putAll(launcher);
    }

    static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
