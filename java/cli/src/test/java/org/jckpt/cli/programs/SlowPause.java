package org.jckpt.cli.programs;

import org.jckpt.api.CheckpointCallbacks;
import org.jckpt.api.Jckpt;

/**
 * A test program whose checkpoints pause on purpose: {@code ITERATIONS PAUSE_MS}. Each iteration
 * sleeps 10 ms and asks {@code needCheckpoint()}; each checkpoint's callback sleeps PAUSE_MS, so
 * the pause the tasks measure is known. Prints where it restarted and where it ended.
 */
public final class SlowPause {
    private SlowPause() {
    }

    public static void main(String[] args) throws Exception {
        long iterations = Long.parseLong(args[0]);
        long pauseMs = Long.parseLong(args[1]);
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
            for (; iteration[0] < iterations; iteration[0]++) {
                if (ckpt.needCheckpoint()) {
                    ckpt.checkpoint();
                }
                Thread.sleep(10);
            }
            if (ckpt.rank() == 0) {
                System.out.println("done at iteration " + iteration[0]);
            }
        }
    }
}
