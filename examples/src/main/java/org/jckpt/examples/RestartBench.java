package org.jckpt.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.GlobalRange;
import org.jckpt.api.Jckpt;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;

/**
 * The workload of {@code jckpt bench-restart}: a global array of {@code --total-mib} MiB of doubles,
 * each task registering its share as a distributed piece. A fresh start fills it and takes one
 * complete checkpoint; with {@code --until-stopped 1} it polls instead until a system-initiated
 * checkpoint stops it ({@code jckpt checkpoint -k}), which leaves a set that lives on the node-local
 * level only ({@code --flush-every 0}) in place, as a job killed after its checkpoint does. A restart
 * (with any task count) times {@code restore()}, a rebuild from the local level included, from a
 * barrier to the slowest task's end (after a warm-up parse of the set file, where this node has it),
 * and task 0 appends "tasks bytes nanoseconds" to {@code --report FILE}.
 */
public final class RestartBench {
    private RestartBench() {
    }

    public static void main(String[] args) throws MPIException, IOException, SetFileException, InterruptedException {
        Options opt = new Options(args, "--total-mib", "--report", "--until-stopped");
        long total = (opt.number("--total-mib", 1024) << 20) / Double.BYTES;
        Path report = Path.of(opt.text("--report", "restart-bench.txt"));
        try (Jckpt ckpt = Jckpt.init(args)) {
            long first = total * ckpt.rank() / ckpt.size();
            long count = total * (ckpt.rank() + 1) / ckpt.size() - first;
            double[] piece = new double[Math.toIntExact(count)];
            ckpt.registerDistributed("data", piece, 0, GlobalRange.elements(first, count, total));
            if (!ckpt.isRestart()) {
                for (int i = 0; i < piece.length; i++) {
                    piece[i] = first + i;
                }
                if (opt.number("--until-stopped", 0) == 1) {
                    pollUntilStopped(ckpt);
                } else {
                    ckpt.checkpoint();
                }
                return;
            }
            // Class loading and the first parse of a set file cost a cold JVM about half a second of
            // CPU, the same for any set: done before the clock starts, the figure is the reading's.
            Path setFile = Path.of(System.getenv("JCKPT_RESTART"));
            if (Files.isRegularFile(setFile)) { // a node that lost its local level has it only after the rebuild
                SetFiles.read(setFile);
            }
            MPI.COMM_WORLD.barrier();
            long t0 = System.nanoTime();
            ckpt.restore();
            MPI.COMM_WORLD.barrier();
            long nanos = System.nanoTime() - t0;
            if (piece.length > 0 && piece[piece.length - 1] != first + count - 1) {
                throw new IllegalStateException("restored the wrong data");
            }
            if (ckpt.rank() == 0) {
                Files.writeString(report, ckpt.size() + " " + total * Double.BYTES + " " + nanos + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }

    /** Safe points until the launcher ends the job after the checkpoint it asked for; never returns. */
    private static void pollUntilStopped(Jckpt ckpt) throws InterruptedException {
        while (true) {
            ckpt.poll();
            Thread.sleep(5);
        }
    }
}
