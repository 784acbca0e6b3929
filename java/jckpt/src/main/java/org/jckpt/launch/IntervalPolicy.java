package org.jckpt.launch;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jckpt.record.Daly;
import org.jckpt.record.Median;

/**
 * When the next checkpoint is due under {@code --ckpt-every overhead:P%} or {@code daly:MTBF},
 * from the pauses the tasks measured (a checkpoint's pause: its longest on any task). The cost C
 * of the next checkpoint is the median of the last {@value #RECENT} pauses; before any, the first
 * checkpoint comes {@value #FIRST_MS} ms after the start, so that C is measured, not guessed.
 * <ul>
 * <li>overhead: due once the time paused since the start plus C is at most P % of the time since
 *     the start, at {@code start + (paused + C) / P}, and no sooner than {@code C (1 - P) / P}
 *     after the last pause ended: time with no checkpoint (the start-up, a restore) is not made
 *     up for in a burst.</li>
 * <li>daly: due {@link Daly#interval} after the last pause ended, recomputed as C changes.</li>
 * </ul>
 * Times are milliseconds since the epoch.
 */
final class IntervalPolicy {
    static final long FIRST_MS = 3_000;
    private static final int RECENT = 5;

    private final CheckpointEvery every;
    private final long start;
    private final Deque<Long> recent = new ArrayDeque<>();
    private long paused;
    private long lastEnd;

    IntervalPolicy(CheckpointEvery every, long start) {
        this.every = every;
        this.start = start;
    }

    /** A checkpoint that started at {@code at} paused the program {@code ms}, whoever asked for it. */
    void paused(long at, long ms) {
        recent.addLast(ms);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
        paused += ms;
        lastEnd = Math.max(lastEnd, at + ms);
    }

    /** The next checkpoint's estimated pause, or -1 before any was measured. */
    long cost() {
        return recent.isEmpty() ? -1 : Math.round(Median.of(recent));
    }

    long dueAt() {
        long c = cost();
        if (c < 0) {
            return start + FIRST_MS;
        }
        if (every.form() == CheckpointEvery.Form.OVERHEAD) {
            double p = every.fraction();
            return Math.max(start + (long) Math.ceil((paused + c) / p), lastEnd + Math.round(c * (1 - p) / p));
        }
        return lastEnd + Math.round(Daly.interval(c, every.duration().toMillis()));
    }

    /**
     * When to ask again if a suggestion the tasks reached at {@code now} brings no pause: it reached
     * them at a safe point that was not {@code needCheckpoint()}. Long enough for a checkpoint it did
     * bring to report its pause first, which reschedules.
     */
    long retryAt(long now) {
        return now + Math.max(FIRST_MS, 3 * cost());
    }
}
