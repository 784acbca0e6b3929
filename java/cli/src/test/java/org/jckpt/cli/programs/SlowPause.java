package org.jckpt.cli.programs;

import org.jckpt.api.CheckpointCallbacks;
import org.jckpt.api.Jckpt;

/**
 * A test program whose checkpoints pause on purpose: {@code ITERATIONS PAUSE_MS [CHECKPOINTS]}.
 * Each iteration sleeps 10 ms and asks {@code needCheckpoint()}; each checkpoint's callback sleeps
 * PAUSE_MS, so the pause the tasks measure is known. It ends after ITERATIONS, or once it has taken
 * CHECKPOINTS (every task alike: they take the same ones), however slow the machine. Prints where
 * it restarted and where it ended.
 */
public final class SlowPause {
    private SlowPause() {
    }

    public static void main(String[] args) throws Exception {
        long iterations = Long.parseLong(args[0]);
        long pauseMs = Long.parseLong(args[1]);
        long checkpoints = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        try (Jckpt ckpt = Jckpt.init(args)) {
            long[] iteration = {0};
            ckpt.registerReplicated("iteration", iteration);
            ckpt.callbacks(new CheckpointCallbacks() {
                @Override
                public void onCheckpoint() throws InterruptedException {
                    Thread.sleep(pauseMs);
                }
            });
            if (ckpt.restore() && ckpt.rank() == 0) {
                System.out.println("restarted at iteration " + iteration[0]);
            }
            for (long taken = 0; iteration[0] < iterations && taken < checkpoints; iteration[0]++) {
                if (ckpt.needCheckpoint()) {
                    ckpt.checkpoint();
                    taken++;
                }
                Thread.sleep(10);
            }
            if (ckpt.rank() == 0) {
                System.out.println("done at iteration " + iteration[0]);
            }
        }
    }
}
