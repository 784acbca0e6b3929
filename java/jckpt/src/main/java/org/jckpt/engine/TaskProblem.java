package org.jckpt.engine;

import org.jckpt.api.CheckpointException;
import org.jckpt.api.RemoteTaskException;

/** What went wrong on one task, as every task of the job learns it. */
public record TaskProblem(int task, String text) {

    /** The text of a failing callback, e.g. "onCheckpoint failed on task 1 (node7): java.io.IOException: full". */
    public static String ofCallback(String callback, int task, String host, Exception failure) {
        return callback + " failed on task " + task + " (" + host + "): " + failure;
    }

    /**
     * The exception every task throws; its cause is {@code localFailure} on the failing task and
     * the failure's text elsewhere.
     */
    public CheckpointException toException(String prefix, int rank, Throwable localFailure) {
        Throwable cause = rank == task && localFailure != null ? localFailure : new RemoteTaskException(task, text);
        return new CheckpointException(prefix + text, task, cause);
    }
}
