package org.jckpt.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.Jckpt;

/**
 * The workload of {@code jckpt bench}: every task registers {@code --mib} MiB in a direct buffer
 * and takes {@code --reps} complete checkpoints, after {@code --warmup} untimed ones (default 1). Measured the same way as a pause (a barrier, the
 * work, a barrier), with {@code --memcpy 1} each checkpoint alternates with a copy of the same
 * state into memory, the floor of any pause's copy; with {@code --mpi-floor 1}, with an MPI
 * reduction, the floor of any pause's agreement; with {@code --tcp 1}, with a plain TCP transfer of
 * the same state to another host ({@link TcpReference}), the floor of any redundancy. With
 * {@code --await-commit 1} every task waits after each checkpoint until its set is committed
 * ({@link CommitFile}), which times the background flush, or with {@code --flush-every 0} the
 * redundancy. With
 * {@code --settle-ms M} every repetition begins M ms after the previous one ended (its commit, when
 * awaited), as a program's checkpoints are spaced, so that a pause is not charged with the
 * previous flush's last steps on the same cores. With
 * {@code --compute-seconds S} each task instead runs a stencil loop for S seconds alone, then takes
 * a checkpoint and runs it again until the flush commits: the loop's rate with and without a
 * flush. With {@code --polls N} task 0 times N idle safe-point polls. Task 0 prints its figures to
 * stderr and, with {@code --figures FILE}, writes them there as {@code name value} lines.
 */
public final class CheckpointBench {
    private static final PrintStream OUT = System.err;
    private static final int COMMITTED_TAG = 7;

    private final Jckpt ckpt;
    private final ByteBuffer state;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private CheckpointBench(Jckpt ckpt, long mib) {
        this.ckpt = ckpt;
        this.state = ByteBuffer.allocateDirect((int) (mib << 20));
        for (int i = 0; i < state.capacity(); i += 4096) {
            state.put(i, (byte) (i * 31 + ckpt.rank())); // touch every page, vary content
        }
        if (mib > 0) {
            ckpt.register("state", state);
        }
    }

    public static void main(String[] args) throws Exception {
        Options opt = new Options(args, "--mib", "--warmup", "--reps", "--polls", "--memcpy", "--mpi-floor", "--await-commit",
                "--tcp", "--settle-ms", "--compute-seconds", "--figures");
        long mib = opt.number("--mib", 256);
        int reps = (int) Math.max(1, opt.number("--reps", 5));
        try (Jckpt ckpt = Jckpt.init(args)) {
            CheckpointBench bench = new CheckpointBench(ckpt, mib);
            long compute = opt.number("--compute-seconds", 0);
            if (compute > 0) {
                bench.computeSlowdown(compute);
            } else {
                Reference reference = new Reference(opt.number("--memcpy", 0) == 1, opt.number("--mpi-floor", 0) == 1,
                        opt.number("--tcp", 0) == 1);
                bench.pauses((int) Math.max(1, opt.number("--warmup", 1)), reps, reference, opt.number("--await-commit", 0) == 1,
                        opt.number("--settle-ms", 0));
            }
            long polls = opt.number("--polls", 0);
            if (polls > 0) {
                bench.figures.put("poll_ns", timePolls(ckpt, polls));
            }
            if (ckpt.rank() == 0) {
                bench.report(opt.text("--figures", null));
            }
        }
    }

    /** What each checkpoint alternates with: a memory copy of the state, an MPI reduction, a TCP transfer. */
    private record Reference(boolean memcpy, boolean mpiFloor, boolean tcp) {
    }

    private void pauses(int warmups, int reps, Reference reference, boolean awaitCommit, long settleMs)
            throws MPIException, InterruptedException, IOException {
        ByteBuffer copy = reference.memcpy() ? ByteBuffer.allocateDirect(state.capacity()) : null;
        if (copy != null) {
            copy.put(0, state, 0, state.capacity()); // its pages exist before the first timed copy
        }
        // Untimed: the first touches the copy's pages, which a job pays for once; the JIT compiles the pause's code.
        for (int w = 0; w < warmups; w++) {
            Path warm = ckpt.checkpoint();
            if (awaitCommit) {
                awaitCommit(warm);
            }
        }
        try (TcpReference tcp = reference.tcp() ? TcpReference.connect() : null) {
            timePauses(reps, reference, copy, tcp, awaitCommit, settleMs);
        }
    }

    private void timePauses(int reps, Reference reference, ByteBuffer copy, TcpReference tcp, boolean awaitCommit, long settleMs)
            throws MPIException, InterruptedException {
        double[] pauses = new double[reps];
        double[] copies = new double[reps];
        double[] reductions = new double[reps];
        double[] flushes = new double[reps];
        double[] transfers = new double[reps];
        for (int r = 0; r < reps; r++) {
            Thread.sleep(settleMs);
            if (copy != null) {
                copies[r] = timed(() -> copy.put(0, state, 0, state.capacity()));
            }
            if (reference.mpiFloor()) {
                int[] flags = {0};
                reductions[r] = timed(() -> MPI.COMM_WORLD.allReduce(flags, 1, MPI.INT, MPI.BOR));
            }
            if (tcp != null) {
                transfers[r] = timed(() -> tcp.exchange(state));
            }
            Path[] set = new Path[1];
            pauses[r] = timed(() -> set[0] = ckpt.checkpoint());
            long paused = System.nanoTime();
            if (awaitCommit) {
                awaitCommit(set[0]);
                flushes[r] = (System.nanoTime() - paused) / 1e6;
            }
        }
        long bytes = (long) ckpt.size() * state.capacity();
        figures.put("tasks", ckpt.size());
        figures.put("mib_per_task", state.capacity() >> 20);
        figures.put("pauses_ms", rounded(pauses));
        figures.put("pause_ms_median", median(pauses));
        if (copy != null) {
            figures.put("memcpy_ms_each", rounded(copies));
            figures.put("memcpy_ms", median(copies));
        }
        if (reference.mpiFloor()) {
            figures.put("mpi_floor_ms_each", rounded(reductions));
            figures.put("mpi_floor_ms", median(reductions));
        }
        if (tcp != null) {
            figures.put("tcp_ms_each", rounded(transfers));
            figures.put("tcp_mbps", Math.round(bytes / 1e6 / (median(transfers) / 1e3)));
        }
        if (awaitCommit) {
            figures.put("flush_ms_each", rounded(flushes));
            figures.put("flush_mbps", Math.round(bytes / 1e6 / (median(flushes) / 1e3)));
        }
    }

    private interface Step {
        void run() throws MPIException;
    }

    /** Milliseconds of {@code step} on every task: from a barrier to the barrier after it, as a pause. */
    private static double timed(Step step) throws MPIException {
        MPI.COMM_WORLD.barrier();
        long t0 = System.nanoTime();
        step.run();
        MPI.COMM_WORLD.barrier();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The stencil loop's rate alone, then while the flush of one checkpoint runs; 2 tasks is the setting. */
    private void computeSlowdown(long seconds) throws MPIException, InterruptedException {
        double[] field = new double[1 << 20];
        Arrays.fill(field, 1.0);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long alone = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            sweep(field);
            alone++;
        }
        double rateAlone = alone / ((System.nanoTime() - t0) / 1e9);
        Path committed = CommitFile.of(ckpt.checkpoint());
        long during = 0;
        t0 = System.nanoTime();
        while (!Files.exists(committed)) {
            sweep(field);
            during++;
        }
        double seconds2 = (System.nanoTime() - t0) / 1e9;
        double rateDuring = during / seconds2;
        double[] slowdowns = {1 - rateDuring / rateAlone};
        double[] all = new double[ckpt.size()];
        MPI.COMM_WORLD.gather(slowdowns, 1, MPI.DOUBLE, all, 1, MPI.DOUBLE, 0);
        figures.put("compute_slowdown_each", rounded(all));
        figures.put("compute_slowdown", Math.round(median(all) * 1000) / 1000.0);
        figures.put("flush_seconds_during_compute", Math.round(seconds2 * 100) / 100.0);
    }

    private static void sweep(double[] f) {
        for (int i = 1; i < f.length - 1; i++) {
            f[i] = 0.5 * f[i] + 0.25 * (f[i - 1] + f[i + 1]);
        }
    }

    /**
     * Task 0 waits until {@code set} is committed (every node may not see its set file), then tells
     * the others. Everyone sleeps while waiting: a task spinning in MPI would take the cores from
     * the background threads being timed, which run at a low priority.
     */
    private void awaitCommit(Path set) throws InterruptedException, MPIException {
        int[] committed = {1};
        if (ckpt.rank() == 0) {
            Path file = CommitFile.of(set);
            while (!Files.exists(file)) {
                Thread.sleep(1);
            }
            for (int task = 1; task < ckpt.size(); task++) {
                MPI.COMM_WORLD.send(committed, 1, MPI.INT, task, COMMITTED_TAG);
            }
        } else {
            while (MPI.COMM_WORLD.iProbe(0, COMMITTED_TAG) == null) {
                Thread.sleep(1);
            }
            MPI.COMM_WORLD.recv(committed, 1, MPI.INT, 0, COMMITTED_TAG);
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
        return Math.round((double) (System.nanoTime() - t0) / polls * 100) / 100.0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return Math.round(sorted[sorted.length / 2] * 100) / 100.0;
    }

    private static String rounded(double[] values) {
        return Arrays.toString(Arrays.stream(values).map(p -> Math.round(p * 100) / 100.0).toArray());
    }

    private void report(String file) throws IOException {
        StringBuilder lines = new StringBuilder();
        figures.forEach((k, v) -> lines.append(k).append(' ').append(v).append('\n'));
        OUT.print(lines);
        if (file != null) {
            Files.writeString(Path.of(file), lines);
        }
    }
}
