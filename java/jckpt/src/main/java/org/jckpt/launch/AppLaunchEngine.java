package org.jckpt.launch;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jckpt.control.Coordinator;
import org.jckpt.control.RequestKind;
import org.jckpt.job.JobConfig;
import org.jckpt.record.LogEvent;

/**
 * The application-level engine's launch side: a {@link Coordinator} that tasks connect to, which
 * turns requests into checkpoints at agreed safe points. A restart is a fresh {@code mpirun}
 * whose tasks load the set named in their settings.
 */
final class AppLaunchEngine implements LaunchEngine {
    /** How long the tasks' connections may take to close once the MPI's launcher exited; only a hang waits it out. */
    private static final Duration LEFT_BOUND = Duration.ofSeconds(30);
    private final Coordinator coordinator;
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final String controlHost;

    AppLaunchEngine(int tasks, String controlHost) throws IOException {
        this.coordinator = new Coordinator(token, tasks);
        this.controlHost = controlHost;
    }

    @Override
    public JobConfig taskConfig(JobConfig b) {
        return b.withControl(controlHost + ":" + coordinator.port(), token);
    }

    @Override
    public Map<String, String> taskEnvironment() {
        return Map.of();
    }

    @Override
    public List<String> command(List<String> mpirun) {
        return mpirun;
    }

    @Override
    public CompletableFuture<String> checkpoint() {
        return coordinator.request(RequestKind.TAKE);
    }

    /** Tells the program at an agreed safe point that a checkpoint is due. */
    @Override
    public CompletableFuture<?> periodic() {
        return coordinator.request(RequestKind.SUGGEST);
    }

    @Override
    public void onPause(Consumer<LogEvent> listener) {
        coordinator.onPause(listener);
    }

    /** The tasks' connections tell: one that broke without the task's close is a task that did not end well. */
    @Override
    public Optional<String> lostTask() throws InterruptedException {
        return coordinator.brokenTask(LEFT_BOUND).map(t -> "task " + t + " ended without closing jckpt (killed or crashed)");
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
