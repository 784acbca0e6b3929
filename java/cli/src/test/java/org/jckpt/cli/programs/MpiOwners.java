package org.jckpt.cli.programs;

import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.Jckpt;

/**
 * A test program for who starts MPI: {@code thread STEPS} initialises it with
 * {@code MPI_THREAD_MULTIPLE} through jckpt, and a second thread calls MPI (allReduce on its own
 * communicator) while the main thread checkpoints; {@code join STEPS} initialises and finalises
 * MPI itself and joins jckpt in between.
 */
public final class MpiOwners {
    private static final int THREAD_ROUNDS = 3000;

    private MpiOwners() {
    }

    public static void main(String[] args) throws Exception {
        long steps = Long.parseLong(args[1]);
        if (args[0].equals("join")) {
            MPI.Init(args);
            try (Jckpt ckpt = Jckpt.join(args)) {
                run(ckpt, steps);
            }
            System.out.println("task " + MPI.COMM_WORLD.getRank() + " MPI still initialised: " + !MPI.isFinalized());
            MPI.Finalize();
            return;
        }
        try (Jckpt ckpt = Jckpt.initThread(args, MPI.THREAD_MULTIPLE)) {
            System.out.println("task " + ckpt.rank() + " thread level " + (ckpt.threadLevel() == MPI.THREAD_MULTIPLE ? "multiple" : ckpt.threadLevel()));
            Intracomm comm = MPI.COMM_WORLD.dup();
            long[] sum = {0};
            Thread other = new Thread(() -> sum[0] = allReduceRounds(comm), "second-mpi-thread");
            other.start();
            run(ckpt, steps);
            other.join();
            comm.free();
            System.out.println("task " + ckpt.rank() + " second thread sum " + sum[0]);
        }
    }

    private static void run(Jckpt ckpt, long steps) throws InterruptedException {
        long[] step = {0};
        ckpt.register("step", step);
        ckpt.restore();
        int checkpoints = 0;
        for (; step[0] < steps; step[0]++) {
            if (ckpt.needCheckpoint()) {
                ckpt.checkpoint();
                checkpoints++;
            }
            Thread.sleep(1); // Spreads the checkpoints over the second thread's rounds.
        }
        System.out.println("task " + ckpt.rank() + " took " + checkpoints + " checkpoints");
    }

    private static long allReduceRounds(Intracomm comm) {
        try {
            long total = 0;
            int[] one = new int[1];
            for (int i = 0; i < THREAD_ROUNDS; i++) {
                one[0] = 1;
                comm.allReduce(one, 1, MPI.INT, MPI.SUM);
                total += one[0];
            }
            return total;
        } catch (MPIException e) {
            throw new IllegalStateException(e);
        }
    }
}
