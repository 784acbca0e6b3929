package org.jckpt.control;

import static org.testng.Assert.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.testng.annotations.Test;

/**
 * A task whose connection breaks without its BYE (SIGKILL, a crash) is told apart from one that
 * closed jckpt: the launcher fails a run whose MPI launcher exited 0 over such a task.
 */
public class LostTaskTest {
    private static final String TOKEN = "secret";
    private static final Duration BOUND = Duration.ofMinutes(1); // catches a hang only

    @Test(timeOut = 120_000)
    public void aConnectionThatBreaksWithoutByeIsALostTask() throws Exception {
        try (Coordinator coordinator = new Coordinator(TOKEN, 2)) {
            ControlClient closing = client(coordinator, 0);
            Socket killed = new Socket("127.0.0.1", coordinator.port());
            OutputStream out = killed.getOutputStream();
            out.write(("HELLO\t" + TOKEN + "\t1\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            closing.close();
            killed.close(); // as the kernel closes a killed task's socket: no BYE
            assertEquals(awaitBroken(coordinator), Optional.of(1));
        }
    }

    @Test(timeOut = 120_000)
    public void tasksThatClosedJckptAreNotLost() throws Exception {
        try (Coordinator coordinator = new Coordinator(TOKEN, 2)) {
            ControlClient first = client(coordinator, 0);
            ControlClient second = client(coordinator, 1);
            first.close();
            second.close();
            assertEquals(coordinator.brokenTask(BOUND), Optional.empty());
        }
    }

    @Test(timeOut = 120_000)
    public void aJobWhoseTasksNeverConnectedLostNone() throws Exception {
        try (Coordinator coordinator = new Coordinator(TOKEN, 2)) {
            assertEquals(coordinator.brokenTask(BOUND), Optional.empty());
        }
    }

    /** Until the coordinator has accepted the connection and read its end; a bound for a hang only. */
    private static Optional<Integer> awaitBroken(Coordinator coordinator) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        Optional<Integer> broken = coordinator.brokenTask(BOUND);
        while (broken.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            broken = coordinator.brokenTask(BOUND);
        }
        return broken;
    }

    private static ControlClient client(Coordinator coordinator, int task) throws Exception {
        return new ControlClient("127.0.0.1:" + coordinator.port(), TOKEN, task, new SafePoints());
    }
}
