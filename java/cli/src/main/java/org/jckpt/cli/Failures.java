package org.jckpt.cli;

import java.io.UncheckedIOException;
import org.jckpt.launch.LaunchException;
import org.jckpt.store.IoErrors;
import org.jckpt.store.SetFileException;

/** One-line descriptions of failures, for users rather than stack traces or bare exception names. */
final class Failures {
    private Failures() {
    }

    /** What went wrong in {@code command} (run, restart, ...), as one sentence. */
    static String oneLine(Throwable e, String command) {
        if (e instanceof LaunchException || e instanceof SetFileException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String m = cause.getMessage();
        return "'jckpt " + command + "' failed unexpectedly: " + (m == null ? cause.toString() : IoErrors.describe(cause));
    }
}
