package org.jckpt.cli;

import org.jckpt.launch.LaunchException;
import org.jckpt.store.SetFileException;

/** One-line descriptions of failures, for users rather than stack traces. */
final class Failures {
    private Failures() {
    }

    static String oneLine(Throwable e) {
        if (e instanceof LaunchException || e instanceof SetFileException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return m == null ? e.toString() : e.getClass().getSimpleName() + ": " + m;
    }
}
