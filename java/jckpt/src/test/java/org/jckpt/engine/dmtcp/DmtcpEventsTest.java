package org.jckpt.engine.dmtcp;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * Checkpoints counted by the stand-in as DMTCP's checkpoint thread counts them (no Java runs
 * then) reach the callbacks on jckpt's watcher thread, once the process runs again; callbacks
 * that block or call back into the engine deadlock nothing.
 */
public class DmtcpEventsTest {
    private static final long PERIOD_MILLIS = 5;
    private final BlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();

    private record Delivered(Snapshot event, Thread thread) {
    }

    @BeforeMethod
    public void bindToTheStandIn() {
        FakeDmtcp.bind();
        FakeDmtcp.set(1, FakeDmtcp.AFTER_CHECKPOINT, FakeDmtcp.IS_PRESENT);
        delivered.clear();
    }

    private DmtcpEvents watch() {
        return new DmtcpEvents(DmtcpNative::localStatus, e -> delivered.add(new Delivered(e, Thread.currentThread())), PERIOD_MILLIS);
    }

    private Delivered next() throws InterruptedException {
        Delivered d = delivered.poll(60, TimeUnit.SECONDS);
        assertTrue(d != null, "no event delivered");
        return d;
    }

    @Test
    public void aCheckpointTakenElsewhereIsDeliveredOnTheWatcherThread() throws Exception {
        try (DmtcpEvents events = watch()) {
            FakeDmtcp.simulate(false);
            Delivered d = next();
            assertEquals(d.event(), Snapshot.RESUMED);
            assertEquals(d.thread().getName(), "jckpt-dmtcp-events");
            assertNotEquals(d.thread(), Thread.currentThread());
            FakeDmtcp.simulate(true);
            assertEquals(next().event(), Snapshot.RESTARTED);
        }
    }

    @Test
    public void theTasksOwnCheckpointIsNotReportedAgain() throws Exception {
        try (DmtcpEvents events = watch()) {
            events.beginOwn();
            assertEquals(DmtcpNative.checkpoint(), Snapshot.RESUMED);
            Thread.sleep(20 * PERIOD_MILLIS);
            events.endOwn();
            Thread.sleep(20 * PERIOD_MILLIS);
            assertNull(delivered.poll());
            FakeDmtcp.simulate(false);
            assertEquals(next().event(), Snapshot.RESUMED);
        }
    }

    /**
     * A callback that waits for the program while the program starts its own checkpoint: were
     * callbacks run under the watcher's lock, beginOwn would wait for the callback and the
     * callback for beginOwn.
     */
    @Test(timeOut = 120_000) // catches a hang only
    public void aBlockingCallbackDoesNotStopTheProgramFromCheckpointing() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch programCheckpointed = new CountDownLatch(1);
        try (DmtcpEvents events = new DmtcpEvents(DmtcpNative::localStatus, e -> {
            inCallback.countDown();
            await(programCheckpointed);
            delivered.add(new Delivered(e, Thread.currentThread()));
        }, PERIOD_MILLIS)) {
            FakeDmtcp.simulate(false);
            assertTrue(inCallback.await(60, TimeUnit.SECONDS));
            events.beginOwn();
            DmtcpNative.checkpoint();
            events.endOwn();
            programCheckpointed.countDown();
            assertEquals(next().event(), Snapshot.RESUMED);
        }
    }

    /** A callback may itself take a checkpoint through the bridge; that one is its own, not a new event. */
    @Test(timeOut = 120_000) // catches a hang only
    public void aCallbackMayCheckpointAgain() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        DmtcpEvents[] self = new DmtcpEvents[1];
        try (DmtcpEvents events = new DmtcpEvents(DmtcpNative::localStatus, e -> {
            self[0].beginOwn();
            delivered.add(new Delivered(DmtcpNative.checkpoint(), Thread.currentThread()));
            self[0].endOwn();
            done.countDown();
        }, PERIOD_MILLIS)) {
            self[0] = events;
            FakeDmtcp.simulate(false);
            assertTrue(done.await(60, TimeUnit.SECONDS));
            Thread.sleep(20 * PERIOD_MILLIS);
            assertEquals(delivered.size(), 1, "the callback's own checkpoint was delivered as an event");
        }
    }

    @Test
    public void aFailingCallbackDoesNotStopLaterEvents() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        try (DmtcpEvents events = new DmtcpEvents(DmtcpNative::localStatus, e -> {
            if (failed.getCount() > 0) {
                failed.countDown();
                throw new IllegalStateException("callback failed on purpose");
            }
            delivered.add(new Delivered(e, Thread.currentThread()));
        }, PERIOD_MILLIS)) {
            FakeDmtcp.simulate(false);
            // The second event only once the first was seen: a starved watcher would see the two as one.
            assertTrue(failed.await(60, TimeUnit.SECONDS), "the first event never reached the callback");
            FakeDmtcp.simulate(true);
            assertEquals(next().event(), Snapshot.RESTARTED);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
