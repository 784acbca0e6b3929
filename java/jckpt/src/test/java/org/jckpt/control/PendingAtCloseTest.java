package org.jckpt.control;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * A checkpoint still pending when the program closes jckpt is not taken, and whoever waits for it
 * hears why: no safe point is ever passed here, so the outcome cannot depend on timing.
 */
public class PendingAtCloseTest {
    private static final int TASKS = 2;

    @Test(timeOut = 60_000)
    public void aTasksOwnRequestFailsAtCloseSayingTheProgramEnded() throws Exception {
        try (Coordinator coordinator = new Coordinator("secret", TASKS)) {
            ControlClient[] clients = clients(coordinator);
            CompletableFuture<String> asked = clients[0].requestCheckpoint();
            clients[0].close();
            clients[1].close();
            assertEquals(failureOf(asked), ControlClient.PROGRAM_ENDED);
        }
    }

    @Test(timeOut = 60_000)
    public void aSystemRequestFailsWhenATaskClosesSayingTheProgramEnded() throws Exception {
        try (Coordinator coordinator = new Coordinator("secret", TASKS)) {
            ControlClient[] clients = clients(coordinator);
            CompletableFuture<String> system = coordinator.request(RequestKind.TAKE);
            clients[1].close();
            assertEquals(failureOf(system), "the program ended (close on task 1) before the checkpoint was taken");
            clients[0].close();
            CompletableFuture<String> later = coordinator.request(RequestKind.TAKE);
            assertTrue(failureOf(later).startsWith("the program ended"), "a request after the end fails at once");
        }
    }

    private static ControlClient[] clients(Coordinator coordinator) throws Exception {
        ControlClient[] clients = new ControlClient[TASKS];
        for (int t = 0; t < TASKS; t++) {
            clients[t] = new ControlClient("127.0.0.1:" + coordinator.port(), "secret", t, new SafePoints());
        }
        return clients;
    }

    private static String failureOf(CompletableFuture<String> outcome) throws Exception {
        ExecutionException e = expectThrows(ExecutionException.class, () -> outcome.get(30, TimeUnit.SECONDS));
        return e.getCause().getMessage();
    }
}
