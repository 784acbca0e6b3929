package org.jckpt.engine.app.local;

import java.io.IOException;
import java.nio.file.Path;
import org.jckpt.engine.TaskState;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;

/**
 * Runs the pause's own code on an empty state a few hundred times, on a scratch level and in the
 * background, so that the JIT has compiled it before the first checkpoint. A program checkpoints
 * too rarely for its pauses ever to reach the JIT's thresholds; interpreted, the pause's
 * bookkeeping made an empty checkpoint of 4 tasks on 2 cores take about 2.5 ms instead of 2.1.
 */
public final class PauseWarmup {
    private static final String SCRATCH = "warmup-";

    /** Beyond the JIT's first tier (200 calls of a method); a copy of an empty state costs about 0.1 ms. */
    private static final int ROUNDS = 500;

    private PauseWarmup() {
    }

    /** Whether {@code file}, in a local level's directory, is a warm-up's scratch directory (left by a killed job). */
    public static boolean isScratch(Path file) {
        return file.getFileName().toString().startsWith("." + SCRATCH);
    }

    /** Copies, seals and recycles an empty state as task {@code rank} does, in a scratch directory of {@code local}. */
    public static void run(LocalLevel local, int rank, FileModes modes) {
        LocalLevel scratch;
        try {
            scratch = local.scratch(SCRATCH + rank, modes);
        } catch (IOException e) {
            return; // Only the first pauses are slower.
        }
        LocalCopies copies = new LocalCopies(scratch, rank, modes);
        TaskFileWriter writer = new TaskFileWriter(modes, rank == 0);
        TaskState empty = new TaskState();
        try {
            for (int tag = 0; tag < ROUNDS; tag++) {
                copies.spareHolds(empty.knownBytes());
                TaskFileWriter.Raw raw = copies.write(writer, empty, tag, Progress.NONE);
                copies.sealed(tag, raw.file(), scratch.naming().taskFile(rank, tag));
                copies.recycle(tag, scratch.naming().taskFile(rank, tag));
            }
        } catch (IOException e) {
            // Only the first pauses are slower.
        } finally {
            copies.close();
            try {
                FileTrees.delete(scratch.dir());
            } catch (IOException ignored) {
                // Reused and removed by the next run's warm-up.
            }
        }
    }
}
