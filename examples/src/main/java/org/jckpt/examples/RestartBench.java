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
 * complete checkpoint; a restart (with any task count) times {@code restore()} from a barrier to
 * the slowest task's end (after a warm-up parse of the set file), and task 0 appends "tasks bytes nanoseconds" to {@code --report FILE}.
 */
public final class RestartBench {
    private RestartBench() {
    }

    public static void main(String[] args) throws MPIException, IOException, SetFileException {
        Options opt = new Options(args, "--total-mib", "--report");
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
                ckpt.checkpoint();
                return;
            }
            // Class loading and the first parse of a set file cost a cold JVM about half a second of
            // CPU, the same for any set: done before the clock starts, the figure is the reading's.
            SetFiles.read(Path.of(System.getenv("JCKPT_RESTART")));
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
}
