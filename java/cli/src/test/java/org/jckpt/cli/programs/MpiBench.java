package org.jckpt.cli.programs;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import mpi.MPI;
import mpi.MPIException;

/**
 * The Java side of bench-mpi, for either binding (it uses only the public mpi.* API): the figures of
 * native/mpi/bench/mpi_bench.c with heap arrays and with direct buffers. Each is the median of REPEATS
 * timed runs; task 0 prints "BINDING_name value" lines ({@code -Dmpi.binding} names the binding).
 */
public final class MpiBench {
    private static final int REPEATS = 7;
    private static final int MIB = 1024 * 1024;

    private final int rank;

    private MpiBench(int rank) {
        this.rank = rank;
    }

    interface Timed {
        double seconds() throws MPIException;
    }

    public static void main(String[] args) throws MPIException {
        MPI.Init(args);
        MpiBench bench = new MpiBench(MPI.COMM_WORLD.getRank());
        String b = System.getProperty("mpi.binding", "java");
        byte[] array = new byte[16 * MIB];
        ByteBuffer direct = MPI.newByteBuffer(16 * MIB);
        bench.report(b + "_latency_us_array", () -> bench.roundTrip(array, 8, 10000) / 2 * 1e6);
        bench.report(b + "_latency_us_direct", () -> bench.roundTrip(direct, 8, 10000) / 2 * 1e6);
        bench.report(b + "_bw_mbps_1m_array", () -> MIB / (bench.roundTrip(array, MIB, 200) / 2) / 1e6);
        bench.report(b + "_bw_mbps_1m_direct", () -> MIB / (bench.roundTrip(direct, MIB, 200) / 2) / 1e6);
        bench.report(b + "_bw_mbps_16m_array", () -> 16.0 * MIB / (bench.roundTrip(array, 16 * MIB, 20) / 2) / 1e6);
        bench.report(b + "_bw_mbps_16m_direct", () -> 16.0 * MIB / (bench.roundTrip(direct, 16 * MIB, 20) / 2) / 1e6);
        double[] in = new double[MIB];
        double[] out = new double[MIB];
        DoubleBuffer directIn = MPI.newDoubleBuffer(MIB);
        DoubleBuffer directOut = MPI.newDoubleBuffer(MIB);
        bench.report(b + "_allreduce_us_8b_array", () -> allReduce(in, out, 1, 10000) * 1e6);
        bench.report(b + "_allreduce_us_8m_array", () -> allReduce(in, out, MIB, 10) * 1e6);
        bench.report(b + "_allreduce_us_8m_direct", () -> allReduce(directIn, directOut, MIB, 10) * 1e6);
        MPI.Finalize();
    }

    private void report(String name, Timed timed) throws MPIException {
        double[] values = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            values[r] = timed.seconds();
        }
        Arrays.sort(values);
        if (rank == 0) {
            System.out.printf("%s %.3f%n", name, values[REPEATS / 2]);
        }
    }

    /** Seconds per round trip of bytes between tasks 0 and 1 (others idle), as task 0 measured it. */
    private double roundTrip(Object buf, int bytes, int rounds) throws MPIException {
        MPI.COMM_WORLD.barrier();
        double start = MPI.wtime();
        for (int i = 0; i < rounds && rank < 2; i++) {
            if (rank == 0) {
                MPI.COMM_WORLD.send(buf, bytes, MPI.BYTE, 1, 1);
                MPI.COMM_WORLD.recv(buf, bytes, MPI.BYTE, 1, 1);
            } else {
                MPI.COMM_WORLD.recv(buf, bytes, MPI.BYTE, 0, 1);
                MPI.COMM_WORLD.send(buf, bytes, MPI.BYTE, 0, 1);
            }
        }
        double[] seconds = {(MPI.wtime() - start) / rounds};
        MPI.COMM_WORLD.bcast(seconds, 1, MPI.DOUBLE, 0);
        return seconds[0];
    }

    private static double allReduce(Object in, Object out, int count, int rounds) throws MPIException {
        MPI.COMM_WORLD.barrier();
        double start = MPI.wtime();
        for (int i = 0; i < rounds; i++) {
            MPI.COMM_WORLD.allReduce(in, out, count, MPI.DOUBLE, MPI.SUM);
        }
        double[] seconds = {(MPI.wtime() - start) / rounds};
        MPI.COMM_WORLD.bcast(seconds, 1, MPI.DOUBLE, 0);
        return seconds[0];
    }
}
