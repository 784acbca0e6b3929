package org.jckpt.api;

import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/**
 * An object whose content moves between tasks (particles, work lists). It writes its part with
 * {@link #writeState}; a restart with the same task count gives each task its own part back with
 * {@link #readState}. A restart of a set written by N tasks with M tasks gives new task r the parts
 * of the old tasks i with {@code i * M / N == r} (contiguous runs of old tasks, in their order; a
 * task may get none when M > N) through {@link #readParts}, and the object rebuilds its state
 * from them, e.g. keeps what it owns and sends the rest on.
 */
public interface Redistributable extends Checkpointable {

    /** Rebuilds this task's state from the old parts it is given, in old task order; may be empty. */
    void readParts(List<DataInput> parts) throws IOException;

    /** The new task that gets old task {@code oldTask}'s part, of {@code oldTasks}, in a job of {@code newTasks}. */
    static int newTaskOf(int oldTask, int oldTasks, int newTasks) {
        return (int) ((long) oldTask * newTasks / oldTasks);
    }
}
