package org.jckpt.launch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jckpt.job.JobConfig;
import org.jckpt.record.LogEvent;

/**
 * The launcher's side of a checkpoint engine: what the tasks are told, which command starts (or
 * restarts) the job, and how a checkpoint is taken from outside the job.
 */
public interface LaunchEngine extends AutoCloseable {

    /** The settings every task gets, from the launcher's {@code base}. */
    JobConfig taskConfig(JobConfig base);

    /** Environment the engine needs in every task, besides the settings ({@code mpirun -x}). */
    Map<String, String> taskEnvironment();

    /** The command that runs the job, given the {@code mpirun} command that would start it fresh. */
    List<String> command(List<String> mpirun);

    /** A system-initiated checkpoint; completes with the committed set file. */
    CompletableFuture<String> checkpoint();

    /**
     * A tick of {@code --ckpt-every DURATION}, or the interval policy saying a checkpoint is due;
     * completes once every task has been told (or, where the launcher takes it, the checkpoint ended).
     */
    CompletableFuture<?> periodic();

    /**
     * Where each checkpoint's event goes once every task has told its pause; engines that do not
     * measure pauses (DMTCP) never call it. {@code listener} runs under the coordinator's lock.
     */
    default void onPause(Consumer<LogEvent> listener) {
    }

    /**
     * Called once the job's MPI launcher exited with status 0: a task that ended without closing
     * jckpt (killed, crashed), if the engine can tell. Hydra in MPICH 4.2 can exit 0 after a task
     * was killed, and say nothing.
     */
    default Optional<String> lostTask() throws InterruptedException {
        return Optional.empty();
    }

    @Override
    void close();
}
