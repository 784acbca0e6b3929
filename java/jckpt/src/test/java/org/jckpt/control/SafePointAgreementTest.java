package org.jckpt.control;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.testng.annotations.Test;

/**
 * Tasks as threads running at different, varying speeds, talking to a real coordinator over
 * loopback: every request must be acted on by every task at the same safe-point count.
 */
public class SafePointAgreementTest {
    private static final int TASKS = 4;

    /** Safe points between the tasks' meetings, as an SPMD program's collectives keep its tasks within reach of each other. */
    private static final int IN_STEP = 64;

    @Test(timeOut = 600_000) // catches a hang only: 20 requests take well under a second on an idle machine
    public void everyTaskActsAtTheSameSafePoint() throws Exception {
        String token = "secret";
        try (Coordinator coordinator = new Coordinator(token, TASKS)) {
            List<ConcurrentHashMap<String, Long>> actedAt = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Phaser inStep = new Phaser(TASKS);
            List<Thread> tasks = new ArrayList<>();
            for (int t = 0; t < TASKS; t++) {
                ConcurrentHashMap<String, Long> mine = new ConcurrentHashMap<>();
                actedAt.add(mine);
                SafePoints sp = new SafePoints();
                ControlClient client = new ControlClient("127.0.0.1:" + coordinator.port(), token, t, sp);
                int task = t;
                Thread th = new Thread(() -> loop(task, sp, client, mine, running, inStep));
                th.start();
                tasks.add(th);
            }
            List<CompletableFuture<String>> outcomes = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 20; i++) {
                outcomes.add(coordinator.request(i % 3 == 0 ? RequestKind.SUGGEST : RequestKind.TAKE));
                Thread.sleep(15);
                outcomes.get(i).get(120, TimeUnit.SECONDS);
            }
            running.set(false);
            for (Thread th : tasks) {
                th.join();
            }
            assertEquals(actedAt.get(0).size(), 20);
            for (int t = 1; t < TASKS; t++) {
                assertEquals(actedAt.get(t), actedAt.get(0), "task " + t + " acted elsewhere than task 0");
            }
            assertTrue(outcomes.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
        }
    }

    /**
     * A task: passes safe points at an uneven pace, acts where told, task 0 reports a set per take.
     * The tasks meet every {@link #IN_STEP} safe points; without that, one that the scheduler favours
     * runs thousands of safe points ahead on a loaded machine, and the others need seconds to reach
     * each target (no MPI program drifts so: its communication keeps its tasks together).
     */
    static void loop(int task, SafePoints sp, ControlClient client, ConcurrentHashMap<String, Long> mine,
                     AtomicBoolean running, Phaser inStep) {
        Random speed = new Random(task);
        while (running.get()) {
            if (sp.count() % IN_STEP == 0) {
                inStep.arriveAndAwaitAdvance();
            }
            SafePoints.Action a = sp.pass();
            if (a != null) {
                mine.put(a.request(), sp.count());
                client.reached(a.request());
                if (a.kind() == RequestKind.TAKE && task == 0) {
                    client.result(a.request(), true, "set-" + a.request());
                }
            }
            // Uneven work between safe points, as on a loaded node.
            long spin = System.nanoTime() + speed.nextInt(200_000);
            while (System.nanoTime() < spin) {
                Thread.onSpinWait();
            }
        }
        inStep.arriveAndDeregister();
        client.close();
    }
}
