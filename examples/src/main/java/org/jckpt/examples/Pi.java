package org.jckpt.examples;

import java.util.SplittableRandom;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.Jckpt;

/**
 * Monte Carlo estimate of pi. The samples are cut into fixed blocks, each drawn from its own
 * generator seeded from (seed, block number), and the blocks are dealt round-robin to the ranks;
 * hits are counted in integers and summed with {@code allReduce}, so the result is identical for
 * any rank count. The last line is {@code checksum <hits>}.
 *
 * <p>Options: {@code --samples N --seed S --block B}.
 */
public final class Pi {
    private Pi() {
    }

    public static void main(String[] args) throws MPIException {
        Options opt = new Options(args, "--samples", "--seed", "--block");
        long samples = opt.number("--samples", 20_000_000);
        long seed = opt.number("--seed", 42);
        long block = Math.max(1, opt.number("--block", 1 << 20));
        try (Jckpt ckpt = Jckpt.init(args)) {
            long blocks = (samples + block - 1) / block;
            long rounds = (blocks + ckpt.size() - 1) / ckpt.size();
            long[] progress = {0, 0}; // rounds done, hits so far
            ckpt.register("progress", progress);
            if (ckpt.restore() && ckpt.rank() == 0) {
                System.out.println("restarted at round " + progress[0]);
            }
            // Every rank runs the same number of rounds, so all pass the same safe points.
            for (; progress[0] < rounds; progress[0]++) {
                if (ckpt.needCheckpoint()) {
                    Checkpoints.take(ckpt);
                }
                long b = progress[0] * ckpt.size() + ckpt.rank();
                if (b < blocks) {
                    progress[1] += hits(seed, b, Math.min(block, samples - b * block));
                }
            }
            long[] total = {progress[1]};
            MPI.COMM_WORLD.allReduce(total, 1, MPI.LONG, MPI.SUM);
            if (ckpt.rank() == 0) {
                System.out.printf("pi %.10f samples %d ranks %d%n", 4.0 * total[0] / samples, samples, ckpt.size());
                System.out.println("checksum " + total[0]);
            }
        }
    }

    static long hits(long seed, long block, long count) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + block);
        long hits = 0;
        for (long i = 0; i < count; i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1.0) {
                hits++;
            }
        }
        return hits;
    }
}
