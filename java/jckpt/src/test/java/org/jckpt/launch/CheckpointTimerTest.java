package org.jckpt.launch;

import static org.testng.Assert.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jckpt.control.ControlClient;
import org.jckpt.control.RequestKind;
import org.jckpt.control.SafePoints;
import org.jckpt.job.JobConfig;
import org.jckpt.record.CheckpointKind;
import org.jckpt.record.LogEvent;
import org.testng.annotations.Test;

/**
 * Under a batch system {@code --ckpt-every overhead:P%} and {@code --halt-before} work together:
 * the halt's checkpoint is a system-initiated one that the policy's suggestions never hold back,
 * taken whatever the policy has just asked, and its pause reaches the policy like any other.
 */
public class CheckpointTimerTest {
    private static final int TASKS = 2;

    @Test(timeOut = 600_000) // catches a hang only
    public void theHaltCheckpointIsTakenRightAfterThePolicysSuggestion() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> tasks = new ArrayList<>();
        try (AppLaunchEngine engine = new AppLaunchEngine(TASKS, "127.0.0.1");
             CheckpointTimer timer = CheckpointTimer.start(engine, CheckpointEvery.parse("overhead:5%"))) {
            List<LogEvent> pauses = new CopyOnWriteArrayList<>();
            engine.onPause(e -> {
                pauses.add(e);
                timer.paused(e);
            });
            JobConfig config = engine.taskConfig(JobConfig.builder().build());
            for (int t = 0; t < TASKS; t++) {
                SafePoints safePoints = new SafePoints();
                ControlClient client = new ControlClient(config.control(), config.token(), t, safePoints);
                tasks.add(program(t, client, safePoints, running));
            }
            engine.periodic(); // the policy's suggestion, then at once the halt
            CompletableFuture<String> halt = new CompletableFuture<>();
            timer.at(Instant.now(), () -> engine.checkpoint().whenComplete((set, e) -> halt.complete(set)));
            assertEquals(halt.get(300, TimeUnit.SECONDS), "set-1");
            while (pauses.size() < 2) {
                Thread.sleep(10);
            }
            assertEquals(pauses.stream().map(LogEvent::kind).toList(),
                    List.of(CheckpointKind.PERIODIC.label(), CheckpointKind.SYSTEM.label()));
        } finally {
            running.set(false);
            for (Thread t : tasks) {
                t.join();
            }
        }
    }

    /**
     * A task of a program that checkpoints when told: at the agreed safe point a suggestion makes it
     * take set N (periodic), a take set N (system); task 0 answers for the take. Each reports a pause.
     */
    private static Thread program(int task, ControlClient client, SafePoints safePoints, AtomicBoolean running) {
        Thread thread = new Thread(() -> {
            int tag = 0;
            while (running.get()) {
                SafePoints.Action a = safePoints.pass();
                if (a != null) {
                    client.reached(a.request());
                    boolean suggested = a.kind() == RequestKind.SUGGEST;
                    client.paused(tag, suggested ? CheckpointKind.PERIODIC : CheckpointKind.SYSTEM, System.currentTimeMillis(), 5);
                    if (!suggested && task == 0) {
                        client.result(a.request(), true, "set-" + tag);
                    }
                    tag++;
                }
                sleep();
            }
            client.close();
        });
        thread.start();
        return thread;
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
