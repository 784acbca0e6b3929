package org.jckpt.api;

import java.util.OptionalInt;

/**
 * A checkpoint or restart that did not happen; the previous committed set is intact. When one
 * task's callback or write failed, {@link #task()} names it and the cause is that task's exception:
 * the exception itself on that task, a {@link RemoteTaskException} with its text on the others.
 */
public class CheckpointException extends RuntimeException {
    private final int task;

    public CheckpointException(String message) {
        this(message, null);
    }

    public CheckpointException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    public CheckpointException(String message, int task, Throwable cause) {
        super(message, cause);
        this.task = task;
    }

    /** The task whose failure this is, when one task's failure caused it. */
    public OptionalInt task() {
        return task < 0 ? OptionalInt.empty() : OptionalInt.of(task);
    }
}
