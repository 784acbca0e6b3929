package org.jckpt.examples;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.Jckpt;
import org.jckpt.api.Redistributable;

/**
 * Particles flying in the unit square, reflected at its walls. The square is cut into vertical
 * slabs, one per rank; a particle that crosses into a neighbour's slab is sent there, so each rank's
 * particle count changes as the run goes. A particle moves by its own velocity only, so every
 * particle's path, and the last line {@code checksum <16 hex digits>} (a sum over particles of a
 * hash of id, position and velocity, independent of their order), is the same for any rank count.
 *
 * <p>The particles are registered as a {@link Redistributable}: a restart with another rank count
 * gives each rank the old parts dealt to it, and the ranks send every particle on to its slab.
 *
 * <p>Options: {@code --particles P --iters K --seed S}.
 */
public final class Particles implements Redistributable {
    private static final int FIELDS = 5; // id (as bits), x, y, vx, vy
    /** At most a tenth of a slab of 8 ranks per step: a particle never skips a slab. */
    private static final double MAX_SPEED = 0.0125;

    private final int rank;
    private final int size;
    private double[] parts = new double[0];
    private int count;

    Particles(int rank, int size) {
        this.rank = rank;
        this.size = size;
    }

    public static void main(String[] args) throws MPIException {
        Options opt = new Options(args, "--particles", "--iters", "--seed");
        long total = opt.number("--particles", 20_000);
        long iters = opt.number("--iters", 2000);
        long seed = opt.number("--seed", 1);
        try (Jckpt ckpt = Jckpt.init(args)) {
            Particles particles = new Particles(ckpt.rank(), ckpt.size());
            long[] iter = {0};
            ckpt.registerRedistributable("particles", particles).registerReplicated("iter", iter);
            if (ckpt.restore()) {
                particles.migrate();
                if (ckpt.rank() == 0) {
                    System.out.println("restarted at iteration " + iter[0]);
                }
            } else {
                particles.create(total, seed);
            }
            for (; iter[0] < iters; iter[0]++) {
                if (ckpt.needCheckpoint()) {
                    Checkpoints.take(ckpt);
                }
                particles.step();
            }
            long[] sums = particles.totals();
            if (ckpt.rank() == 0) {
                System.out.printf("particles %d iterations %d ranks %d%n", sums[0], iters, ckpt.size());
                System.out.printf("checksum %016x%n", sums[1]);
            }
        }
    }

    /** This rank's particles of {@code total}, each drawn from its own seeded generator. */
    void create(long total, long seed) {
        for (long id = 0; id < total; id++) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
            double[] p = {Double.longBitsToDouble(id), r.nextDouble(), r.nextDouble(),
                    r.nextDouble(-MAX_SPEED, MAX_SPEED), r.nextDouble(-MAX_SPEED, MAX_SPEED)};
            if (owner(p[1]) == rank) {
                add(p, 0);
            }
        }
    }

    void step() throws MPIException {
        for (int i = 0; i < count; i++) {
            int at = i * FIELDS;
            for (int axis = 1; axis <= 2; axis++) {
                double v = parts[at + axis] + parts[at + axis + 2];
                if (v < 0 || v > 1) {
                    v = v < 0 ? -v : 2 - v;
                    parts[at + axis + 2] = -parts[at + axis + 2];
                }
                parts[at + axis] = v;
            }
        }
        exchange();
    }

    /** After a restart with another rank count: neighbour exchanges until every particle is in its slab. */
    void migrate() throws MPIException {
        int[] misplaced = {1};
        while (misplaced[0] > 0) {
            exchange();
            misplaced[0] = 0;
            for (int i = 0; i < count; i++) {
                misplaced[0] += owner(parts[i * FIELDS + 1]) == rank ? 0 : 1;
            }
            MPI.COMM_WORLD.allReduce(misplaced, 1, MPI.INT, MPI.SUM);
        }
    }

    /** Sends every particle not in this slab one slab towards its owner, and takes in what the neighbours send. */
    private void exchange() throws MPIException {
        double[] left = take(-1);
        double[] right = take(1);
        receive(shift(left, rank - 1, rank + 1));
        receive(shift(right, rank + 1, rank - 1));
    }

    /** Removes and returns the particles whose owner lies in {@code direction}. */
    private double[] take(int direction) {
        double[] out = new double[count * FIELDS];
        int n = 0;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int at = i * FIELDS;
            int owner = owner(parts[at + 1]);
            if (Integer.signum(owner - rank) == direction) {
                System.arraycopy(parts, at, out, n++ * FIELDS, FIELDS);
            } else {
                System.arraycopy(parts, at, parts, kept++ * FIELDS, FIELDS);
            }
        }
        count = kept;
        return java.util.Arrays.copyOf(out, n * FIELDS);
    }

    private static double[] shift(double[] send, int to, int from) throws MPIException {
        int dest = to >= 0 && to < MPI.COMM_WORLD.getSize() ? to : MPI.PROC_NULL;
        int source = from >= 0 && from < MPI.COMM_WORLD.getSize() ? from : MPI.PROC_NULL;
        int[] n = {send.length};
        int[] m = {0};
        MPI.COMM_WORLD.sendRecv(n, 1, MPI.INT, dest, 3, m, 1, MPI.INT, source, 3);
        // Open MPI's Java bindings copy their stale native buffer back on a receive from PROC_NULL.
        double[] recv = new double[source == MPI.PROC_NULL ? 0 : m[0]];
        MPI.COMM_WORLD.sendRecv(send, send.length, MPI.DOUBLE, dest, 4, recv, recv.length, MPI.DOUBLE, source, 4);
        return recv;
    }

    private void receive(double[] incoming) {
        for (int at = 0; at < incoming.length; at += FIELDS) {
            add(incoming, at);
        }
    }

    private void add(double[] from, int at) {
        if ((count + 1) * FIELDS > parts.length) {
            parts = java.util.Arrays.copyOf(parts, Math.max(64, parts.length * 2));
        }
        System.arraycopy(from, at, parts, count++ * FIELDS, FIELDS);
    }

    private int owner(double x) {
        return Math.min(size - 1, (int) (x * size));
    }

    /** The global particle count and the order-independent checksum, on rank 0. */
    long[] totals() throws MPIException {
        long h = 0;
        for (int i = 0; i < count * FIELDS; i += FIELDS) {
            long p = 0xcbf29ce484222325L;
            for (int f = 0; f < FIELDS; f++) {
                p = (p ^ Double.doubleToRawLongBits(parts[i + f])) * 0x100000001b3L;
            }
            h += p;
        }
        long[] mine = {count, h};
        long[] all = new long[2 * size];
        MPI.COMM_WORLD.gather(mine, 2, MPI.LONG, all, 2, MPI.LONG, 0);
        long[] sums = new long[2];
        for (int r = 0; r < size; r++) {
            sums[0] += all[2 * r];
            sums[1] += all[2 * r + 1];
        }
        return sums;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(count);
        for (int i = 0; i < count * FIELDS; i++) {
            out.writeDouble(parts[i]);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        count = 0;
        readPart(in);
    }

    @Override
    public void readParts(List<DataInput> old) throws IOException {
        count = 0;
        for (DataInput in : old) {
            readPart(in);
        }
    }

    private void readPart(DataInput in) throws IOException {
        int n = in.readInt();
        double[] p = new double[FIELDS];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < FIELDS; f++) {
                p[f] = in.readDouble();
            }
            add(p, 0);
        }
    }
}
