package org.jckpt.launch;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jckpt.record.LogEvent;
import org.jckpt.system.DaemonThreads;

/**
 * The launcher's clock: {@code --ckpt-every} with a period or a policy ({@link IntervalPolicy})
 * suggests a checkpoint to the program through the engine (at a safe point every task agrees on),
 * and {@code --halt-before} takes one. The policy only adds suggestions: a system-initiated
 * checkpoint (the halt's, a signal's) is never held back by it, and its pause counts like any other.
 */
final class CheckpointTimer implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("jckpt-ckpt-every"));
    private final LaunchEngine engine;
    private final IntervalPolicy policy;
    private ScheduledFuture<?> next;
    /** A suggestion not answered yet: the tasks have not all reached its safe point (or not all connected). */
    private boolean suggesting;

    private CheckpointTimer(LaunchEngine engine, IntervalPolicy policy) {
        this.engine = engine;
        this.policy = policy;
    }

    /** Starts the schedule {@code every} (null: none) of a job starting now. */
    static CheckpointTimer start(LaunchEngine engine, CheckpointEvery every) {
        boolean adaptive = every != null && every.adaptive();
        CheckpointTimer t = new CheckpointTimer(engine, adaptive ? new IntervalPolicy(every, System.currentTimeMillis()) : null);
        if (adaptive) {
            t.reschedule(t.policy.dueAt());
        } else if (every != null && every.form() == CheckpointEvery.Form.PERIOD) {
            long ms = every.duration().toMillis();
            t.timer.scheduleAtFixedRate(engine::periodic, ms, ms, TimeUnit.MILLISECONDS);
        }
        return t;
    }

    /** A checkpoint's pause, measured on every task: the policy's next due time moves. */
    synchronized void paused(LogEvent checkpoint) {
        if (policy != null) {
            policy.paused(checkpoint.time(), checkpoint.pauseMaxMs());
            reschedule(policy.dueAt());
        }
    }

    /** Runs {@code task} at {@code when}, at once if that has passed. */
    void at(Instant when, Runnable task) {
        timer.schedule(task, Math.max(0, Duration.between(Instant.now(), when).toMillis()), TimeUnit.MILLISECONDS);
    }

    /** One suggestion at a time: the next is scheduled when the tasks have taken it, by its pause or else a retry. */
    private void suggest() {
        synchronized (this) {
            if (suggesting) {
                return;
            }
            suggesting = true;
        }
        engine.periodic().whenComplete((r, e) -> answered()); // Outside the lock: the coordinator calls paused() under its own.
    }

    /**
     * Every task reached the suggestion's safe point (before any reports the pause it brings, which
     * then reschedules): ask again later in case that safe point was not {@code needCheckpoint()}.
     */
    private synchronized void answered() {
        suggesting = false;
        reschedule(policy.retryAt(System.currentTimeMillis()));
    }

    private void reschedule(long at) {
        if (timer.isShutdown()) {
            return; // The job has ended; a late pause report changes nothing.
        }
        if (next != null) {
            next.cancel(false);
        }
        next = timer.schedule(this::suggest, Math.max(0, at - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    /** Synchronized with {@link #reschedule}, which must not schedule on a timer shut down meanwhile. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
