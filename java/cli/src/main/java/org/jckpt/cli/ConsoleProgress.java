package org.jckpt.cli;

import org.jckpt.store.Progress;
import org.jckpt.store.ProgressLine;

/** Progress of long reads on the terminal; nothing when output is not a terminal. */
final class ConsoleProgress {
    private ConsoleProgress() {
    }

    static Progress of(String label, long totalBytes) {
        return ProgressLine.of(System.console() != null, System.err, label, totalBytes);
    }
}
