package org.jckpt.store;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns I/O exceptions, whose messages are often just a path, into readable reasons. */
public final class IoErrors {
    private IoErrors() {
    }

    public static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }
}
