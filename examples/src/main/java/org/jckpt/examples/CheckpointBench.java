package org.jckpt.examples;

import java.nio.ByteBuffer;
import java.util.Arrays;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.Jckpt;

/**
 * The workload of {@code jckpt bench}: every task registers {@code --mib} MiB in a direct buffer
 * and takes {@code --reps} complete checkpoints; task 0 prints the median pause and the write
 * throughput it implies, next to the dd figure the command measured on the same directory.
 * With {@code --polls N} task 0 also times N idle safe-point polls.
 */
public final class CheckpointBench {
    private CheckpointBench() {
    }

    public static void main(String[] args) throws MPIException {
        Options opt = new Options(args, "--mib", "--reps", "--polls", "--dd-mbps");
        long mib = opt.number("--mib", 256);
        int reps = (int) Math.max(1, opt.number("--reps", 5));
        long polls = opt.number("--polls", 0);
        long ddMbps = opt.number("--dd-mbps", 0);
        try (Jckpt ckpt = Jckpt.init(args)) {
            ByteBuffer state = ByteBuffer.allocateDirect((int) (mib << 20));
            for (int i = 0; i < state.capacity(); i += 4096) {
                state.put(i, (byte) (i * 31 + ckpt.rank())); // touch every page, vary content
            }
            if (mib > 0) {
                ckpt.register("state", state);
            }
            double[] pausesMs = new double[reps];
            for (int r = 0; r < reps; r++) {
                MPI.COMM_WORLD.barrier();
                long t0 = System.nanoTime();
                ckpt.checkpoint();
                pausesMs[r] = (System.nanoTime() - t0) / 1e6;
            }
            double pollNs = polls > 0 ? timePolls(ckpt, polls) : 0;
            if (ckpt.rank() == 0) {
                report(ckpt.size(), mib, pausesMs, pollNs, polls, ddMbps);
            }
        }
    }

    private static double timePolls(Jckpt ckpt, long polls) {
        for (long i = 0; i < polls / 10; i++) {
            ckpt.poll(); // warm up the JIT
        }
        long t0 = System.nanoTime();
        for (long i = 0; i < polls; i++) {
            ckpt.poll();
        }
        return (double) (System.nanoTime() - t0) / polls;
    }

    private static void report(int tasks, long mib, double[] pausesMs, double pollNs, long polls, long ddMbps) {
        double[] sorted = pausesMs.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        System.out.printf("tasks %d x %d MiB, %d checkpoints: pauses ms %s%n", tasks, mib, pausesMs.length,
                Arrays.toString(Arrays.stream(pausesMs).map(p -> Math.round(p * 10) / 10.0).toArray()));
        System.out.printf("median pause per checkpoint: %.2f ms%n", median);
        if (mib > 0) {
            double mbps = tasks * (mib << 20) / 1e6 / (median / 1e3);
            System.out.printf("write throughput: %.0f MB/s", mbps);
            if (ddMbps > 0) {
                System.out.printf("   dd bs=1M conv=fdatasync, same total, same directory: %d MB/s   ratio %.2f", ddMbps, mbps / ddMbps);
            }
            System.out.println();
        }
        if (polls > 0) {
            System.out.printf("idle poll(): %.2f ns per call (%d calls)%n", pollNs, polls);
        }
    }
}
