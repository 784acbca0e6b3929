package org.jckpt.cli.programs.conformance;

import static org.jckpt.cli.programs.conformance.Conformance.expect;
import static org.jckpt.cli.programs.conformance.Conformance.expectEquals;

import java.nio.IntBuffer;
import java.util.Arrays;
import mpi.MPI;
import mpi.MPIException;
import mpi.Op;

/** Collective calls on 4 tasks, with arrays, offsets, direct buffers and in place. */
final class CollectiveChecks {
    /** Open MPI 4.1's own binding corrupts the JVM's heap on this call (see PLATFORM.md). */
    static final String GATHERV_CRASH = "Open MPI 4.1's Java binding crashes the JVM on a gatherv of 20000-long heap arrays (known, PLATFORM.md)";

    private CollectiveChecks() {
    }

    static void run(Conformance c) throws MPIException {
        c.check("barrier", c.world::barrier);
        c.check("bcast (array with offset, direct buffer)", () -> {
            int[] data = new int[6];
            if (c.rank == 1) {
                Arrays.fill(data, 2, 6, 7);
            }
            c.world.bcast(MPI.slice(data, 2), 4, MPI.INT, 1);
            expect(Arrays.equals(data, new int[] {0, 0, 7, 7, 7, 7}), "array " + Arrays.toString(data));
            IntBuffer direct = MPI.newIntBuffer(2).put(0, c.rank == 0 ? 5 : 0);
            c.world.bcast(direct, 1, MPI.INT, 0);
            expectEquals(direct.get(0), 5, "direct");
        });
        c.check("reduce (every arithmetic op, and in place)", () -> reduce(c));
        c.check("allReduce (every op, and in place)", () -> allReduce(c));
        c.check("reduceScatter", () -> {
            int[] send = new int[4 + 1];
            Arrays.fill(send, c.rank + 1);
            int[] recv = new int[2];
            int[] counts = {1, 1, 1, 2};
            c.world.reduceScatter(send, recv, counts, MPI.INT, MPI.SUM);
            expectEquals(recv[0], 10, "sum");
            expectEquals(recv[1], c.rank == 3 ? 10 : 0, "second element");
        });
        c.check("gather/allGather (and in place)", () -> gathers(c));
        c.check("gatherv/allGatherv", () -> gathervs(c));
        c.check("scatter/scatterv", () -> scatters(c));
        c.check("allToAll/allToAllv", () -> allToAlls(c));
        c.check("gatherv of 20000-long heap arrays", () -> {
            if (c.binding.equals("openmpi")) {
                throw new Conformance.Skipped(GATHERV_CRASH);
            }
            bigGatherv(c);
        });
    }

    private static void reduce(Conformance c) throws MPIException {
        Op[] ops = {MPI.SUM, MPI.PROD, MPI.MIN, MPI.MAX};
        long[][] expected = {{10}, {24}, {1}, {4}};
        for (int i = 0; i < ops.length; i++) {
            long[] result = new long[1];
            c.world.reduce(new long[] {c.rank + 1}, result, 1, MPI.LONG, ops[i], 2);
            expect(c.rank != 2 || result[0] == expected[i][0], "op " + i + ": " + result[0]);
        }
        double[] inPlace = {c.rank + 0.5};
        c.world.reduce(inPlace, 1, MPI.DOUBLE, MPI.SUM, 3);
        expect(c.rank != 3 || inPlace[0] == 8.0, "in place at the root: " + inPlace[0]);
    }

    private static void allReduce(Conformance c) throws MPIException {
        int bit = c.rank == 2 ? 1 : 0;
        Op[] ops = {MPI.SUM, MPI.PROD, MPI.MIN, MPI.MAX, MPI.LAND, MPI.LOR, MPI.LXOR, MPI.BAND, MPI.BOR, MPI.BXOR};
        int[] inputs = {c.rank + 1, c.rank + 1, c.rank + 1, c.rank + 1, bit, bit, bit, 0b11 << c.rank, 1 << c.rank, 0b11 << c.rank};
        int[] expected = {10, 24, 1, 4, 0, 1, 1, 0, 0b1111, 0b10001};
        for (int i = 0; i < ops.length; i++) {
            int[] result = new int[1];
            c.world.allReduce(new int[] {inputs[i]}, result, 1, MPI.INT, ops[i]);
            expectEquals(result[0], expected[i], "op " + i);
        }
        float[] floats = {c.rank, 1};
        c.world.allReduce(floats, 2, MPI.FLOAT, MPI.SUM);
        expect(floats[0] == 6f && floats[1] == 4f, "in place " + Arrays.toString(floats));
        long[] offset = {-1, c.rank, -1};
        long[] sum = new long[3];
        c.world.allReduce(MPI.slice(offset, 1), MPI.slice(sum, 2), 1, MPI.LONG, MPI.SUM);
        expect(sum[2] == 6 && sum[1] == 0, "with offsets " + Arrays.toString(sum));
    }

    private static void gathers(Conformance c) throws MPIException {
        int[] all = new int[8];
        c.world.gather(new int[] {c.rank, -c.rank}, 2, MPI.INT, all, 2, MPI.INT, 3);
        expect(c.rank != 3 || Arrays.equals(all, new int[] {0, 0, 1, -1, 2, -2, 3, -3}), "gather " + Arrays.toString(all));
        byte[] inPlace = new byte[4];
        inPlace[c.rank] = (byte) (10 + c.rank);
        c.world.gather(c.rank == 1 ? inPlace : new byte[] {inPlace[c.rank]}, 1, MPI.BYTE, 1);
        expect(c.rank != 1 || Arrays.equals(inPlace, new byte[] {10, 11, 12, 13}), "gather in place " + Arrays.toString(inPlace));
        long[] everyone = new long[4];
        c.world.allGather(new long[] {c.rank * 2L}, 1, MPI.LONG, everyone, 1, MPI.LONG);
        expect(Arrays.equals(everyone, new long[] {0, 2, 4, 6}), "allGather " + Arrays.toString(everyone));
        double[] mine = new double[4];
        mine[c.rank] = c.rank;
        c.world.allGather(mine, 1, MPI.DOUBLE);
        expect(Arrays.equals(mine, new double[] {0, 1, 2, 3}), "allGather in place " + Arrays.toString(mine));
    }

    /** Task r sends r+1 ints; they land at displacements with a gap of one before each block. */
    private static void gathervs(Conformance c) throws MPIException {
        int[] counts = {1, 2, 3, 4};
        int[] displacements = {1, 3, 6, 10};
        int[] send = new int[c.rank + 1];
        Arrays.fill(send, c.rank + 1);
        int[] all = new int[14];
        c.world.gatherv(send, c.rank + 1, MPI.INT, all, counts, displacements, MPI.INT, 0);
        int[] expected = {0, 1, 0, 2, 2, 0, 3, 3, 3, 0, 4, 4, 4, 4};
        expect(c.rank != 0 || Arrays.equals(all, expected), "gatherv " + Arrays.toString(all));
        int[] everyone = new int[14];
        c.world.allGatherv(send, c.rank + 1, MPI.INT, everyone, counts, displacements, MPI.INT);
        expect(Arrays.equals(everyone, expected), "allGatherv " + Arrays.toString(everyone));
    }

    private static void scatters(Conformance c) throws MPIException {
        short[] parts = {0, 10, 20, 30, 40, 50, 60, 70};
        short[] mine = new short[2];
        c.world.scatter(parts, 2, MPI.SHORT, mine, 2, MPI.SHORT, 2);
        expect(mine[0] == 20 * c.rank && mine[1] == 20 * c.rank + 10, "scatter " + Arrays.toString(mine));
        int[] counts = {1, 2, 3, 4};
        int[] displacements = {9, 7, 4, 0};
        long[] source = {4, 4, 4, 4, 3, 3, 3, 2, 2, 1};
        long[] received = new long[5];
        c.world.scatterv(source, counts, displacements, MPI.LONG, MPI.slice(received, 1), c.rank + 1, MPI.LONG, 1);
        for (int i = 0; i < 5; i++) {
            expectEquals(received[i], i >= 1 && i <= c.rank + 1 ? c.rank + 1 : 0, "scatterv element " + i);
        }
    }

    private static void allToAlls(Conformance c) throws MPIException {
        int[] send = new int[4];
        Arrays.setAll(send, i -> 10 * c.rank + i);
        int[] recv = new int[4];
        c.world.allToAll(send, 1, MPI.INT, recv, 1, MPI.INT);
        for (int i = 0; i < 4; i++) {
            expectEquals(recv[i], 10 * i + c.rank, "allToAll from " + i);
        }
        int[] sendCounts = {1, 1, 1, 1};
        int[] sendDisplacements = {3, 2, 1, 0};
        int[] recvCounts = {1, 1, 1, 1};
        int[] recvDisplacements = {0, 2, 4, 6};
        int[] spread = new int[8];
        c.world.allToAllv(send, sendCounts, sendDisplacements, MPI.INT, spread, recvCounts, recvDisplacements, MPI.INT);
        for (int i = 0; i < 4; i++) {
            expectEquals(spread[2 * i], 10 * i + 3 - c.rank, "allToAllv from " + i);
        }
    }

    private static void bigGatherv(Conformance c) throws MPIException {
        int n = 20000;
        long[] mine = new long[n];
        Arrays.fill(mine, c.rank);
        int[] counts = {n, n, n, n};
        int[] displacements = {0, n, 2 * n, 3 * n};
        long[] all = new long[4 * n];
        c.world.gatherv(mine, n, MPI.LONG, all, counts, displacements, MPI.LONG, 0);
        for (int i = 0; c.rank == 0 && i < all.length; i++) {
            expectEquals(all[i], i / n, "element " + i);
        }
    }
}
