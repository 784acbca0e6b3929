package org.jckpt.engine;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.jckpt.record.CheckpointKind;

/**
 * A way of taking checkpoints: the application-level engine writes the registered state, the
 * DMTCP engine snapshots whole processes. The API ({@link org.jckpt.api.Jckpt}) holds one, built
 * over the task's {@link TaskState}, and delegates every checkpoint operation to it.
 */
public interface Engine extends AutoCloseable {

    /** Whether this run was started from a checkpoint set. */
    boolean isRestart();

    /** Loads the registered state from the restart set, then runs the restart callback. */
    void restore();

    /** Complete checkpoint: every task calls it; returns the committed set file. {@code kind}: complete or periodic. */
    Path checkpoint(CheckpointKind kind);

    /** Partial checkpoint: this task asks, every task's part is taken; completes with the set file. */
    CompletableFuture<Path> requestCheckpoint();

    /**
     * A safe point in the program's loop: takes a pending partial or system-initiated checkpoint
     * when its turn has come. Returns true when the time schedule asks the program for a complete
     * checkpoint here. Must cost well under a microsecond when nothing is pending.
     */
    boolean safePoint();

    /** Ends this task's part in the job (before {@code MPI.Finalize}). */
    @Override
    void close();
}
