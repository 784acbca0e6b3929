package org.jckpt.engine.dmtcp;

import java.lang.System.Logger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jckpt.system.DaemonThreads;

/**
 * Delivers checkpoints this task did not take itself (system-initiated, or asked by another task)
 * to the program's callbacks.
 *
 * <p>DMTCP suspends every thread of the process, Java's included, while it snapshots; nothing can
 * run Java code then, and DMTCP's own checkpoint thread must not enter the JVM. So nothing is
 * called at checkpoint time: a daemon thread compares the process's DMTCP counters every
 * {@code period} and, once the process runs again, hands the event (resumed or restarted) to
 * {@code handler} on that thread. A complete checkpoint the program takes itself is bracketed by
 * {@link #beginOwn}/{@link #endOwn}: its caller runs the callbacks, the watcher stays quiet.
 */
final class DmtcpEvents implements AutoCloseable {
    private static final Logger LOG = System.getLogger(DmtcpEvents.class.getName());
    private final Supplier<LocalStatus> status;
    private final Consumer<Snapshot> handler;
    private final long periodMillis;
    private final Thread watcher;
    private LocalStatus seen;
    private boolean ownCheckpoint;
    private volatile boolean running = true;

    DmtcpEvents(Supplier<LocalStatus> status, Consumer<Snapshot> handler, long periodMillis) {
        this.status = status;
        this.handler = handler;
        this.periodMillis = periodMillis;
        this.seen = status.get();
        this.watcher = DaemonThreads.start("jckpt-dmtcp-events", this::watch);
    }

    /** The caller is about to take a checkpoint and runs the callbacks itself. */
    synchronized void beginOwn() {
        ownCheckpoint = true;
    }

    /** The caller's checkpoint returned; what it saw is not reported again. */
    synchronized void endOwn() {
        seen = status.get();
        ownCheckpoint = false;
    }

    private void watch() {
        while (running) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            Snapshot event = poll();
            if (event != null) {
                deliver(event);
            }
        }
    }

    /** The event since the last look, if any; the status is read under the lock so endOwn cannot interleave. */
    private synchronized Snapshot poll() {
        if (ownCheckpoint) {
            return null;
        }
        LocalStatus now = status.get();
        if (!now.after(seen)) {
            return null;
        }
        Snapshot event = now.since(seen);
        seen = now;
        return event;
    }

    private void deliver(Snapshot event) {
        try {
            handler.accept(event);
        } catch (RuntimeException e) {
            // A failing callback must not stop later events from being delivered.
            LOG.log(Logger.Level.WARNING, "checkpoint callback failed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        watcher.interrupt();
    }
}
