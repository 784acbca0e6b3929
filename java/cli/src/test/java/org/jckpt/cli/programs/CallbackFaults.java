package org.jckpt.cli.programs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import mpi.MPI;
import org.jckpt.api.CheckpointCallbacks;
import org.jckpt.api.CheckpointException;
import org.jckpt.api.Jckpt;

/**
 * A test program whose callback fails: {@code CALLBACK TASK MODE STEPS [FLAG]}. The named
 * callback throws a checked exception on task TASK the second time it runs, so that a set commits
 * before the failing checkpoint (onRestart: the first time, when the file FLAG exists). MODE: {@code complete} (every task checkpoints at steps/3 and 2*steps/3),
 * {@code partial} (task 0 asks at steps/3 and 2*steps/3, and every task
 * passes safe points until it has its answer), {@code system} (only safe points; the
 * test runs {@code jckpt checkpoint}). Each task prints what its checkpoints gave.
 */
public final class CallbackFaults {
    private CallbackFaults() {
    }

    public static void main(String[] args) throws Exception {
        String callback = args[0];
        int failingTask = Integer.parseInt(args[1]);
        String mode = args[2];
        long steps = Long.parseLong(args[3]);
        Path flag = args.length > 4 ? Path.of(args[4]) : null;
        try (Jckpt ckpt = Jckpt.init(args)) {
            long[] step = {0};
            ckpt.register("step", step);
            ckpt.callbacks(new FailOnce(callback, ckpt.rank() == failingTask, flag));
            ckpt.restore();
            for (; step[0] < steps; step[0]++) {
                boolean due = step[0] == steps / 3 || step[0] == 2 * steps / 3;
                if (mode.equals("complete") && due) {
                    complete(ckpt);
                } else if (mode.equals("partial") && due) {
                    awaitPartial(ckpt);
                } else {
                    ckpt.poll(); // Every task passes the same safe points (SPMD).
                }
                if (step[0] % 100 == 0) {
                    MPI.COMM_WORLD.barrier(); // Keeps the tasks in step, so that all still run when a checkpoint comes.
                }
                Thread.sleep(1);
            }
            System.out.println("task " + ckpt.rank() + " done at step " + step[0]);
        }
    }

    private static void complete(Jckpt ckpt) {
        try {
            System.out.println("task " + ckpt.rank() + " committed " + ckpt.checkpoint());
        } catch (CheckpointException e) {
            System.out.println("task " + ckpt.rank() + " failed: task " + e.task().orElse(-1) + " cause "
                    + e.getCause().getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Task 0 asks for a partial checkpoint; every task passes safe points until task 0 knows how it
     * ended, however long that takes on this machine (the same safe points on every task: SPMD).
     */
    private static void awaitPartial(Jckpt ckpt) throws Exception {
        CompletableFuture<Void> outcome = ckpt.rank() == 0 ? report(ckpt.requestCheckpoint()) : null;
        int[] done = {0};
        while (done[0] == 0) {
            ckpt.poll();
            done[0] = outcome == null || outcome.isDone() ? 1 : 0; // task 0's is the one broadcast
            MPI.COMM_WORLD.bcast(done, 1, MPI.INT, 0);
            Thread.sleep(1);
        }
    }

    /** Says how task 0's partial checkpoint ended. */
    private static CompletableFuture<Void> report(CompletableFuture<Path> outcome) {
        return outcome.handle((set, failure) -> {
            System.out.println(failure == null ? "task 0 committed " + set : "task 0 failed: " + failure);
            return null;
        });
    }

    /** Throws a checked exception from {@code callback}, once, on the failing task. */
    private static final class FailOnce implements CheckpointCallbacks {
        private final String callback;
        private final Path flag;
        private final boolean failingTask;
        private int calls;

        FailOnce(String callback, boolean failingTask, Path flag) {
            this.callback = callback;
            this.flag = flag;
            this.failingTask = failingTask;
        }

        @Override
        public void onCheckpoint() throws IOException {
            failIf("onCheckpoint");
        }

        @Override
        public void onResume() throws IOException {
            failIf("onResume");
        }

        @Override
        public void onRestart() throws IOException {
            if (flag == null || Files.exists(flag)) {
                failIf("onRestart");
            }
        }

        private void failIf(String name) throws IOException {
            if (failingTask && callback.equals(name) && ++calls == (name.equals("onRestart") ? 1 : 2)) {
                throw new IOException(name + " failed on purpose");
            }
        }
    }
}
