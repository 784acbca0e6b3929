package org.jckpt.store;

import java.io.PrintStream;

/** A one-line progress display, redrawn in place, for reads and writes of many MiB. */
public final class ProgressLine implements Progress {
    /** Below this, an operation is too short to be worth a display. */
    public static final long MIN_BYTES = 64L << 20;

    private final PrintStream out;
    private final String label;
    private final long total;
    private long done;
    private int shownPercent = -1;

    private ProgressLine(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    /** A display on {@code out} when {@code show} and the operation is long enough; otherwise none. */
    public static Progress of(boolean show, PrintStream out, String label, long totalBytes) {
        return show && totalBytes >= MIN_BYTES ? new ProgressLine(out, label, totalBytes) : Progress.NONE;
    }

    @Override
    public void advance(long bytes) {
        done += bytes;
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent != shownPercent) {
            shownPercent = percent;
            out.printf("\r%s %3d%% (%d of %d MiB)%s", label, percent, done >> 20, total >> 20, percent == 100 ? "\n" : "");
            out.flush();
        }
    }
}
