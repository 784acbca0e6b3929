package org.jckpt.cli.programs.conformance;

import static org.jckpt.cli.programs.conformance.Conformance.expect;
import static org.jckpt.cli.programs.conformance.Conformance.expectEquals;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/** Blocking point-to-point calls: every Java type, arrays with offsets, direct buffers, wildcards, probes. */
final class PointToPointChecks {
    /** Seen on Open MPI 4.1.4: its binding copies its staging memory back into the array, with what was there before. */
    static final String PROC_NULL_WRITES = "Open MPI 4.1's Java binding writes the receive array even when nothing arrives (seen here)";

    private PointToPointChecks() {
    }

    static void run(Conformance c) throws MPIException {
        c.check("send/recv of every type (arrays)", () -> everyType(c));
        c.check("send/recv of arrays with offsets (MPI.slice)", () -> {
            int[] send = new int[10];
            Arrays.setAll(send, i -> 1000 * c.rank + i);
            int[] recv = new int[12];
            Status s = exchange(c, MPI.slice(send, 3), MPI.slice(recv, 5), 4, MPI.INT, c.tag());
            for (int i = 0; i < 4; i++) {
                expectEquals(recv[5 + i], 1000L * partner(c) + 3 + i, "element " + i + " at offset 5");
            }
            expect(recv[4] == 0 && recv[9] == 0, "nothing written outside the slice");
            expectEquals(s.getCount(MPI.INT), 4, "count");
        });
        c.check("send/recv of direct buffers", () -> {
            DoubleBuffer send = MPI.newDoubleBuffer(6);
            DoubleBuffer recv = MPI.newDoubleBuffer(6);
            for (int i = 0; i < 6; i++) {
                send.put(i, c.rank + i / 10.0);
            }
            exchange(c, send, recv, 6, MPI.DOUBLE, c.tag());
            for (int i = 0; i < 6; i++) {
                expect(recv.get(i) == partner(c) + i / 10.0, "element " + i + ": " + recv.get(i));
            }
        });
        c.check("recv with ANY_SOURCE/ANY_TAG and Status", () -> anySourceAnyTag(c));
        c.check("probe/iProbe", () -> probes(c));
        c.check("sendRecv/sendRecvReplace", () -> {
            long[] send = {c.rank, 10L * c.rank};
            long[] recv = new long[2];
            Status s = c.world.sendRecv(send, 2, MPI.LONG, c.next(), c.tag(), recv, 2, MPI.LONG, c.previous(), c.tag());
            expect(recv[0] == c.previous() && recv[1] == 10L * c.previous(), "sendRecv data " + Arrays.toString(recv));
            expectEquals(s.getSource(), c.previous(), "sendRecv source");
            ByteBuffer direct = MPI.newByteBuffer(3).put(0, (byte) c.rank);
            s = c.world.sendRecvReplace(direct, 3, MPI.BYTE, c.next(), c.tag() + 1, c.previous(), c.tag() + 1);
            expectEquals(direct.get(0), c.previous(), "sendRecvReplace data");
            expectEquals(s.getTag(), c.tag() + 1, "sendRecvReplace tag");
        });
        c.check("PROC_NULL", () -> {
            Status s = c.world.sendRecv(new int[] {1}, 1, MPI.INT, MPI.PROC_NULL, 1, new int[1], 1, MPI.INT, MPI.PROC_NULL, 1);
            expectEquals(s.getSource(), MPI.PROC_NULL, "source");
            expectEquals(s.getCount(MPI.INT), 0, "count");
        });
        c.check("a receive from PROC_NULL leaves the array untouched", () -> {
            if (c.binding.equals("openmpi")) {
                throw new Conformance.Skipped(PROC_NULL_WRITES);
            }
            int[] recv = {42};
            c.world.sendRecv(new int[] {1}, 1, MPI.INT, MPI.PROC_NULL, 1, recv, 1, MPI.INT, MPI.PROC_NULL, 1);
            expectEquals(recv[0], 42, "array");
        });
    }

    /** The pair partner: 0 and 1, 2 and 3. */
    static int partner(Conformance c) {
        return c.rank ^ 1;
    }

    /** Sends to and receives from the partner, the lower rank first. */
    static Status exchange(Conformance c, Object send, Object recv, int count, mpi.Datatype type, int tag) throws MPIException {
        if (c.rank < partner(c)) {
            c.world.send(send, count, type, partner(c), tag);
            return c.world.recv(recv, count, type, partner(c), tag);
        }
        Status s = c.world.recv(recv, count, type, partner(c), tag);
        c.world.send(send, count, type, partner(c), tag);
        return s;
    }

    private static void everyType(Conformance c) throws MPIException {
        int p = partner(c);
        int t = c.tag();
        byte[] bytes = new byte[3];
        exchange(c, new byte[] {(byte) c.rank, -1, 127}, bytes, 3, MPI.BYTE, t);
        expect(Arrays.equals(bytes, new byte[] {(byte) p, -1, 127}), "byte " + Arrays.toString(bytes));
        char[] chars = new char[2];
        exchange(c, new char[] {(char) ('a' + c.rank), '\u20ac'}, chars, 2, MPI.CHAR, t + 1);
        expect(Arrays.equals(chars, new char[] {(char) ('a' + p), '\u20ac'}), "char " + Arrays.toString(chars));
        short[] shorts = new short[2];
        exchange(c, new short[] {(short) c.rank, Short.MIN_VALUE}, shorts, 2, MPI.SHORT, t + 2);
        expect(Arrays.equals(shorts, new short[] {(short) p, Short.MIN_VALUE}), "short " + Arrays.toString(shorts));
        boolean[] booleans = new boolean[2];
        exchange(c, new boolean[] {c.rank % 2 == 0, true}, booleans, 2, MPI.BOOLEAN, t + 3);
        expect(Arrays.equals(booleans, new boolean[] {p % 2 == 0, true}), "boolean " + Arrays.toString(booleans));
        long[] longs = new long[2];
        exchange(c, new long[] {c.rank, Long.MIN_VALUE}, longs, 2, MPI.LONG, t + 4);
        expect(Arrays.equals(longs, new long[] {p, Long.MIN_VALUE}), "long " + Arrays.toString(longs));
        float[] floats = new float[2];
        exchange(c, new float[] {c.rank + 0.5f, Float.NaN}, floats, 2, MPI.FLOAT, t + 5);
        expect(floats[0] == p + 0.5f && Float.isNaN(floats[1]), "float " + Arrays.toString(floats));
        double[] doubles = new double[1];
        Status s = exchange(c, new double[] {c.rank + 0.25}, doubles, 1, MPI.DOUBLE, t + 6);
        expect(doubles[0] == p + 0.25, "double " + doubles[0]);
        expectEquals(s.getCount(MPI.DOUBLE), 1, "count of doubles");
        expectEquals(s.getCount(MPI.BYTE), 8, "count in bytes");
    }

    /** Tasks 1..3 send rank ints with tag base+rank to task 0, which receives them in any order. */
    private static void anySourceAnyTag(Conformance c) throws MPIException {
        int base = c.tag();
        if (c.rank != 0) {
            int[] data = new int[c.rank];
            Arrays.fill(data, c.rank);
            c.world.send(data, c.rank, MPI.INT, 0, base + c.rank);
            return;
        }
        boolean[] seen = new boolean[4];
        for (int i = 1; i < 4; i++) {
            int[] data = new int[3];
            Status s = c.world.recv(data, 3, MPI.INT, MPI.ANY_SOURCE, MPI.ANY_TAG);
            int from = s.getSource();
            expect(from >= 1 && from <= 3 && !seen[from], "a new source: " + from);
            seen[from] = true;
            expectEquals(s.getTag(), base + from, "tag");
            expectEquals(s.getCount(MPI.INT), from, "count");
            expectEquals(data[from - 1], from, "data");
        }
    }

    /** The lower of each pair sends, the higher probes, then the other way with iProbe. */
    private static void probes(Conformance c) throws MPIException {
        int t = c.tag();
        long[] data = new long[7];
        if (c.rank < partner(c)) {
            c.world.send(new long[7], 7, MPI.LONG, partner(c), t);
            Status s;
            while ((s = c.world.iProbe(MPI.ANY_SOURCE, MPI.ANY_TAG)) == null) {
                Thread.onSpinWait();
            }
            expect(s.getSource() == partner(c) && s.getTag() == t + 1 && s.getCount(MPI.LONG) == 3, "iProbe status");
            c.world.recv(data, 3, MPI.LONG, s.getSource(), s.getTag());
        } else {
            Status s = c.world.probe(MPI.ANY_SOURCE, MPI.ANY_TAG);
            expect(s.getSource() == partner(c) && s.getTag() == t && s.getCount(MPI.LONG) == 7, "probe status");
            c.world.recv(data, 7, MPI.LONG, s.getSource(), s.getTag());
            c.world.send(new long[3], 3, MPI.LONG, partner(c), t + 1);
        }
    }
}
