package org.jckpt.store;

/** A set or task file that is missing, corrupt, or not what was asked for; the message names the file. */
public class SetFileException extends Exception {
    public SetFileException(String message) {
        super(message);
    }
}
