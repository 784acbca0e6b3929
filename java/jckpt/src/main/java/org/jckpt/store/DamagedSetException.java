package org.jckpt.store;

/** A set whose files are missing, truncated or corrupt: an older set may still restart. */
public class DamagedSetException extends SetFileException {
    public DamagedSetException(String message) {
        super(message);
    }
}
