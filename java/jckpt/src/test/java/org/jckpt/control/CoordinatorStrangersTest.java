package org.jckpt.control;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.testng.annotations.Test;

/**
 * Anyone who can reach the coordinator's port can connect. Connections that are not the job's
 * tasks (a wrong token, garbage, a line without end, silence, a task the job does not have) are
 * dropped while a checkpoint goes through, and the job's checkpoints go on as if none came.
 */
public class CoordinatorStrangersTest {
    private static final int TASKS = 2;
    private static final String TOKEN = "secret";
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(1);

    @Test(timeOut = 600_000) // catches a hang only
    public void strangersAreDroppedWhileCheckpointsGoThrough() throws Exception {
        try (Coordinator coordinator = new Coordinator(TOKEN, TASKS, HELLO_TIMEOUT)) {
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentHashMap<String, Long> task0Acted = new ConcurrentHashMap<>();
            List<Thread> tasks = startTasks(coordinator, running, task0Acted);

            List<Socket> strangers = new ArrayList<>();
            strangers.add(stranger(coordinator, "HELLO\twrong\t0\nREQUEST\tx1\n"));
            strangers.add(stranger(coordinator, "HELLO\t" + TOKEN + "\t7\nREQUEST\tx2\n"));
            strangers.add(stranger(coordinator, "GET / HTTP/1.0\r\n\r\n"));
            strangers.add(garbage(coordinator));
            strangers.add(stranger(coordinator, "")); // silent
            CompletableFuture<Void> endless = endlessLine(coordinator);

            String set = coordinator.request(RequestKind.TAKE).get(120, TimeUnit.SECONDS);
            assertEquals(set.substring(0, 4), "set-");

            for (Socket s : strangers) {
                assertTrue(dropped(s), "a stranger's connection stays open");
            }
            assertTrue(endless.handle((ok, failure) -> failure != null).get(120, TimeUnit.SECONDS),
                    "a line without end was read to its end");
            // Every task must still be connected for a second checkpoint to go through.
            coordinator.request(RequestKind.TAKE).get(120, TimeUnit.SECONDS);
            assertEquals(task0Acted.size(), 2, "only the job's two requests were acted on");

            running.set(false);
            for (Thread t : tasks) {
                t.join();
            }
        }
    }

    private static List<Thread> startTasks(Coordinator coordinator, AtomicBoolean running,
                                           ConcurrentHashMap<String, Long> task0Acted) throws IOException {
        List<Thread> tasks = new ArrayList<>();
        Phaser inStep = new Phaser(TASKS);
        for (int t = 0; t < TASKS; t++) {
            SafePoints sp = new SafePoints();
            ControlClient client = new ControlClient("127.0.0.1:" + coordinator.port(), TOKEN, t, sp);
            ConcurrentHashMap<String, Long> acted = t == 0 ? task0Acted : new ConcurrentHashMap<>();
            int task = t;
            Thread th = new Thread(() -> SafePointAgreementTest.loop(task, sp, client, acted, running, inStep));
            th.start();
            tasks.add(th);
        }
        return tasks;
    }

    private static Socket stranger(Coordinator coordinator, String sends) throws IOException {
        Socket s = new Socket("127.0.0.1", coordinator.port());
        s.getOutputStream().write(sends.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return s;
    }

    private static Socket garbage(Coordinator coordinator) throws IOException {
        byte[] bytes = new byte[4096];
        new Random(1).nextBytes(bytes);
        bytes[bytes.length - 1] = '\n';
        Socket s = new Socket("127.0.0.1", coordinator.port());
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        return s;
    }

    /** Writes 64 MiB without a newline; completes exceptionally once the coordinator has hung up. */
    private static CompletableFuture<Void> endlessLine(Coordinator coordinator) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = new Socket("127.0.0.1", coordinator.port())) {
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[1 << 20];
                Arrays.fill(chunk, (byte) 'A');
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** True once the coordinator has closed {@code s} (end of stream, or a reset), false if it is still open after 10 s. */
    private static boolean dropped(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        try (s; InputStream in = s.getInputStream()) {
            return in.read() < 0; // The coordinator says nothing to strangers.
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
