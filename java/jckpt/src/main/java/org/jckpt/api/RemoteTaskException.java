package org.jckpt.api;

/** An exception thrown on another task of the job, known here by its text. */
public final class RemoteTaskException extends Exception {
    private final int task;

    public RemoteTaskException(int task, String text) {
        super("on task " + task + ": " + text, null, false, false);
        this.task = task;
    }

    public int task() {
        return task;
    }
}
