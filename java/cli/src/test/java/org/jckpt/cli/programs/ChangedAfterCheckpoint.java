package org.jckpt.cli.programs;

import java.util.Arrays;
import org.jckpt.api.Jckpt;

/**
 * A test program for the background flush: it checkpoints an array of 1.0s and overwrites it at
 * once, many times over, while the flush runs. Restarted, it prints what the set held.
 */
public final class ChangedAfterCheckpoint {
    private ChangedAfterCheckpoint() {
    }

    public static void main(String[] args) throws Exception {
        double[] values = new double[Integer.parseInt(args[0])];
        try (Jckpt ckpt = Jckpt.init(args)) {
            ckpt.register("values", values);
            if (ckpt.restore()) {
                System.out.println("task " + ckpt.rank() + " restored " + Arrays.stream(values).distinct().count()
                        + " distinct values, first " + values[0]);
                return;
            }
            Arrays.fill(values, 1.0);
            System.out.println("checkpoint " + ckpt.checkpoint());
            for (int round = 2; round < 50; round++) {
                Arrays.fill(values, round);
            }
        }
    }
}
