package org.example.rod;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.Checkpointable;
import org.jckpt.api.Jckpt;

/**
 * Heat flowing along a rod: explicit 1-D diffusion, the cells split across the MPI tasks. The
 * left end is held at 1 and the right end at 0; the heat leaving through the right end is summed.
 *
 * <p>Options: {@code --cells N --steps K}. The last line, {@code checksum <16 hex digits>}, is
 * the same for any task count and whether or not the run was restarted from a checkpoint.
 */
public final class Rod {
    private static final double RATE = 0.25;

    /** Heat that left through the right end so far: state that is not an array, saved by itself. */
    static final class Outflow implements Checkpointable {
        double total;

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeDouble(total);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            total = in.readDouble();
        }
    }

    public static void main(String[] args) throws MPIException {
        int cells = (int) option(args, "--cells", 200);
        long steps = option(args, "--steps", 20000);
        try (Jckpt ckpt = Jckpt.init(args)) {
            int rank = ckpt.rank();
            int size = ckpt.size();
            int first = (int) ((long) cells * rank / size);
            int count = (int) ((long) cells * (rank + 1) / size) - first;
            // u[1..count] are this task's cells; u[0] and u[count + 1] its neighbours' (or the ends).
            double[] u = new double[count + 2];
            double[] next = new double[count + 2];
            if (rank == 0) {
                u[0] = 1.0;
            }
            long[] step = {0};
            Outflow outflow = new Outflow();

            // Everything the loop carries from one step to the next, registered before restore().
            ckpt.register("u", u).register("step", step).register("outflow", outflow);
            if (ckpt.restore() && rank == 0) {
                System.out.println("restarted at step " + step[0]);
            }
            for (; step[0] < steps; step[0]++) {
                if (ckpt.needCheckpoint()) {
                    ckpt.checkpoint(); // every task calls it; returns once the set is committed
                }
                exchangeEnds(u, count, rank, size);
                for (int i = 1; i <= count; i++) {
                    next[i] = u[i] + RATE * (u[i - 1] - 2 * u[i] + u[i + 1]);
                }
                if (rank == size - 1) {
                    outflow.total += RATE * u[count]; // into the right end, held at 0
                }
                // Copy, not swap: jckpt holds the registered array.
                System.arraycopy(next, 1, u, 1, count);
            }

            // Sums commute, so the total does not depend on how the cells are split.
            long[] sum = {0};
            for (int i = 1; i <= count; i++) {
                sum[0] += mix(first + i, u[i]);
            }
            if (rank == size - 1) {
                sum[0] += mix(-1, outflow.total);
            }
            MPI.COMM_WORLD.allReduce(sum, 1, MPI.LONG, MPI.SUM);
            double[] out = {rank == size - 1 ? outflow.total : 0};
            MPI.COMM_WORLD.allReduce(out, 1, MPI.DOUBLE, MPI.SUM);
            if (rank == 0) {
                System.out.printf("cells %d steps %d tasks %d outflow %.6e%n", cells, steps, size, out[0]);
                System.out.printf("checksum %016x%n", sum[0]);
            }
        }
    }

    /** Sends this task's first and last cells to its neighbours, receives theirs into u's ends. */
    private static void exchangeEnds(double[] u, int count, int rank, int size) throws MPIException {
        int left = rank > 0 ? rank - 1 : MPI.PROC_NULL;
        int right = rank < size - 1 ? rank + 1 : MPI.PROC_NULL;
        double[] send = {u[count]};
        double[] recv = new double[1];
        MPI.COMM_WORLD.sendRecv(send, 1, MPI.DOUBLE, right, 1, recv, 1, MPI.DOUBLE, left, 1);
        if (left != MPI.PROC_NULL) {
            u[0] = recv[0];
        }
        send[0] = u[1];
        MPI.COMM_WORLD.sendRecv(send, 1, MPI.DOUBLE, left, 2, recv, 1, MPI.DOUBLE, right, 2);
        if (right != MPI.PROC_NULL) {
            u[count + 1] = recv[0];
        }
    }

    /** A cell's bits, spread by its position (SplitMix64's finalizer). */
    private static long mix(long position, double value) {
        long z = Double.doubleToLongBits(value) + position * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long option(String[] args, String name, long fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return fallback;
    }
}
