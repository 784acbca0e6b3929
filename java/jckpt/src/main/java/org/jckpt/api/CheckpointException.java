package org.jckpt.api;

/** A checkpoint or restart that did not happen; the previous committed set is intact. */
public class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
