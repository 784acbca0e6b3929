package org.jckpt.examples;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import mpi.MPI;
import mpi.MPIException;

/**
 * The Java side of {@code jckpt bench-mpi}, the loops of native/mpi/bench/mpi_bench.c with heap arrays and
 * with direct buffers. It uses only the public mpi.* API, so either binding runs it:
 * <pre>
 *   MpiBench pingpong [quick]   2 tasks: half round trip of 8 bytes (latency), bandwidth of 1 MiB and 16 MiB
 *   MpiBench allreduce [quick]  every task: allReduce (sum of doubles) of 8 bytes and 8 MiB
 * </pre>
 * Each figure is the median of {@link #SEGMENTS} timed loops after one untimed loop (which also lets the JIT
 * compile the loop); quick runs a tenth of the rounds. Task 0 prints {@code name value} lines; bench-mpi
 * prefixes the names with the binding's.
 */
public final class MpiBench {
    private static final int SEGMENTS = 5;
    private static final int MIB = 1024 * 1024;

    private final int rank;
    private final boolean quick;

    private MpiBench(int rank, boolean quick) {
        this.rank = rank;
        this.quick = quick;
    }

    /** A timed loop: seconds per round, as task 0 measured it. */
    private interface Loop {
        double seconds(int rounds) throws MPIException;
    }

    public static void main(String[] args) throws MPIException {
        String mode = args.length > 0 ? args[0] : "";
        if (!mode.equals("pingpong") && !mode.equals("allreduce")) {
            System.err.println("usage: MpiBench pingpong|allreduce [quick]");
            System.exit(2);
        }
        MPI.Init(args);
        MpiBench bench = new MpiBench(MPI.COMM_WORLD.getRank(), args.length > 1 && args[1].equals("quick"));
        if (mode.equals("pingpong")) {
            bench.pingPong();
        } else {
            bench.allReduce();
        }
        MPI.Finalize();
    }

    private void pingPong() throws MPIException {
        byte[] array = new byte[16 * MIB];
        ByteBuffer direct = MPI.newByteBuffer(16 * MIB);
        for (Object buf : new Object[] {array, direct}) {
            String kind = buf == array ? "_array" : "_direct";
            report("latency_us" + kind, median(rounds -> roundTrip(buf, 8, rounds), 10000) / 2 * 1e6);
            report("bw_mbps_1m" + kind, MIB / (median(rounds -> roundTrip(buf, MIB, rounds), 200) / 2) / 1e6);
            report("bw_mbps_16m" + kind, 16.0 * MIB / (median(rounds -> roundTrip(buf, 16 * MIB, rounds), 20) / 2) / 1e6);
        }
    }

    private void allReduce() throws MPIException {
        Object[][] kinds = {{new double[MIB], new double[MIB]}, {MPI.newDoubleBuffer(MIB), MPI.newDoubleBuffer(MIB)}};
        for (Object[] inOut : kinds) {
            String kind = inOut[0] instanceof double[] ? "_array" : "_direct";
            report("allreduce_us_8b" + kind, median(rounds -> allReduce(inOut[0], inOut[1], 1, rounds), 10000) * 1e6);
            report("allreduce_us_8m" + kind, median(rounds -> allReduce(inOut[0], inOut[1], MIB, rounds), 10) * 1e6);
        }
    }

    /** The median seconds of {@link #SEGMENTS} timed loops, after one untimed loop (warm-up). */
    private double median(Loop loop, int rounds) throws MPIException {
        int n = quick ? Math.max(rounds / 10, 2) : rounds;
        loop.seconds(n);
        double[] seconds = new double[SEGMENTS];
        for (int s = 0; s < SEGMENTS; s++) {
            seconds[s] = loop.seconds(n);
        }
        Arrays.sort(seconds);
        return seconds[SEGMENTS / 2];
    }

    private void report(String name, double value) {
        if (rank == 0) {
            System.out.printf("%s %.3f%n", name, value);
        }
    }

    /** Seconds per round trip of bytes between tasks 0 and 1 (others idle). */
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
        return agreed((MPI.wtime() - start) / rounds);
    }

    /** Seconds per allReduce of count doubles on every task. */
    private static double allReduce(Object in, Object out, int count, int rounds) throws MPIException {
        MPI.COMM_WORLD.barrier();
        double start = MPI.wtime();
        for (int i = 0; i < rounds; i++) {
            MPI.COMM_WORLD.allReduce(in, out, count, MPI.DOUBLE, MPI.SUM);
        }
        return agreed((MPI.wtime() - start) / rounds);
    }

    /** Task 0's seconds, on every task (so that all run the same number of loops). */
    private static double agreed(double seconds) throws MPIException {
        double[] value = {seconds};
        MPI.COMM_WORLD.bcast(value, 1, MPI.DOUBLE, 0);
        return value[0];
    }
}
