package org.jckpt.cli;

import java.io.Console;
import org.jckpt.store.Progress;

/** A progress line on the terminal for long reads; nothing when output is not a terminal. */
final class ConsoleProgress implements Progress {
    private final String label;
    private final long total;
    private long done;
    private int shownPercent = -1;

    private ConsoleProgress(String label, long total) {
        this.label = label;
        this.total = Math.max(total, 1);
    }

    static Progress of(String label, long totalBytes) {
        Console console = System.console();
        return console == null || totalBytes < (64L << 20) ? Progress.NONE : new ConsoleProgress(label, totalBytes);
    }

    @Override
    public void advance(long bytes) {
        done += bytes;
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent != shownPercent) {
            shownPercent = percent;
            System.err.printf("\r%s %3d%% (%d of %d MiB)%s", label, percent, done >> 20, total >> 20, percent == 100 ? "\n" : "");
        }
    }
}
