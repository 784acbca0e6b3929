package org.jckpt.examples;

import org.jckpt.api.CheckpointException;
import org.jckpt.api.Jckpt;

/** How a long run should treat a failed checkpoint: say so and go on; the previous set still holds. */
final class Checkpoints {
    private Checkpoints() {
    }

    static void take(Jckpt ckpt) {
        try {
            ckpt.checkpoint();
        } catch (CheckpointException e) {
            if (ckpt.rank() == 0) {
                System.err.println("warning: " + e.getMessage() + "; going on");
            }
        }
    }
}
