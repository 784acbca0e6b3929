package org.jckpt.control;

/**
 * Agreement on where every task takes a requested checkpoint, without stopping the program.
 *
 * <p>Each task counts its safe points. When a request arrives, the control thread raises
 * {@code pending} and then reads the counter; the coordinator picks target = max over tasks + 1
 * and every task acts at that count. Because both sides use volatile accesses (Dekker order), a
 * task that passed safe point c without seeing the request reported a count of at least c, so no
 * task can be past the target. A task that sees the request before the target is known waits for
 * it; the target depends only on control threads, never on other tasks' progress, so the wait
 * ends. Programs must pass the same sequence of safe points on every task (SPMD).
 */
public final class SafePoints {
    /** What a task does at the current safe point. */
    public record Action(String request, RequestKind kind) {
    }

    private volatile long counter;
    private volatile boolean pending;
    private String request;
    private RequestKind kind;
    private long target = -1;

    /** The hot path: one volatile store and one volatile load when nothing is pending. */
    public Action pass() {
        long c = counter + 1;
        counter = c;
        return pending ? arrive(c) : null;
    }

    public long count() {
        return counter;
    }

    private synchronized Action arrive(long c) {
        while (pending && target < 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        if (!pending || c < target) {
            return null;
        }
        pending = false;
        target = -1;
        return new Action(request, kind);
    }

    /** Control thread: a request arrived; returns the count to report. */
    synchronized long onRequest(String id, RequestKind k) {
        request = id;
        kind = k;
        target = -1;
        pending = true;
        return counter;
    }

    /** Control thread: the coordinator chose where to act. */
    synchronized void onTarget(String id, long t) {
        if (pending && id.equals(request)) {
            target = t;
            notifyAll();
        }
    }

    /** Control thread: the coordinator is gone; nothing will be agreed. */
    synchronized void cancel() {
        pending = false;
        notifyAll();
    }
}
