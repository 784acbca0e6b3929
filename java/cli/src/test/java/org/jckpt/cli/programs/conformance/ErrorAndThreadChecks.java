package org.jckpt.cli.programs.conformance;

import static org.jckpt.cli.programs.conformance.Conformance.expect;
import static org.jckpt.cli.programs.conformance.Conformance.expectEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;

/** MPI errors as MPIExceptions (never an abort), and a second thread calling MPI under THREAD_MULTIPLE. */
final class ErrorAndThreadChecks {
    private static final int ROUNDS = 300;
    static final String FATAL_BY_DEFAULT = "Open MPI's Java binding keeps MPI's default handler, MPI_ERRORS_ARE_FATAL, until setErrhandler";

    private ErrorAndThreadChecks() {
    }

    static void run(Conformance c) throws MPIException {
        c.check("errors return by default (an MPIException, not an abort)", () -> {
            if (c.binding.equals("openmpi")) {
                throw new Conformance.Skipped(FATAL_BY_DEFAULT);
            }
            expectRankError(c);
        });
        c.world.setErrhandler(MPI.ERRORS_RETURN);
        c.check("an MPI error is an MPIException (send to rank 99)", () -> {
            expectRankError(c);
        });
        c.check("a truncated message is an MPIException", () -> {
            int peer = PointToPointChecks.partner(c);
            if (c.rank < peer) {
                c.world.send(new int[4], 4, MPI.INT, peer, c.tag());
                return;
            }
            try {
                c.world.recv(new int[2], 2, MPI.INT, peer, c.tag());
                throw new AssertionError("no MPIException");
            } catch (MPIException e) {
                expectEquals(e.getErrorClass(), MPI.ERR_TRUNCATE, "error class");
            }
        });
        c.check("THREAD_MULTIPLE: a second thread calls MPI", () -> secondThread(c));
        c.check("THREAD_MULTIPLE: a receive into a heap array waiting for its message lets the GC run", () -> gcWhileReceiving(c));
    }

    private static void expectRankError(Conformance c) throws MPIException {
        try {
            c.world.send(new int[1], 1, MPI.INT, 99, 1);
            throw new AssertionError("no MPIException");
        } catch (MPIException e) {
            expectEquals(e.getErrorClass(), MPI.ERR_RANK, "error class");
            expect(e.getMessage() != null && !e.getMessage().isBlank(), "MPI's error string as the message");
            c.printOnce("info error string of ERR_RANK: " + e.getMessage());
        }
    }

    /** The second thread sends around a ring on its own communicator while the main thread reduces. */
    private static void secondThread(Conformance c) throws Exception {
        requireThreadMultiple(c);
        Intracomm ring = c.world.dup();
        long[] received = {0};
        Background other = new Background("second-mpi-thread", () -> received[0] = ringRounds(c, ring));
        Intracomm sums = c.world.dup();
        for (int i = 0; i < ROUNDS; i++) {
            int[] one = {1};
            sums.allReduce(one, 1, MPI.INT, MPI.SUM);
            expectEquals(one[0], 4, "allReduce on the main thread");
        }
        other.join();
        expectEquals(received[0], (long) ROUNDS * c.previous(), "what the second thread received");
        ring.free();
        sums.free();
    }

    /**
     * Task 0's second thread waits in a receive into a heap array for a message that task 1 sends only once
     * task 0's main thread has run a GC: a receive that held the array in a JNI critical region while it
     * waits would hold off that GC (JDK 17), and the two would wait for each other.
     */
    private static void gcWhileReceiving(Conformance c) throws Exception {
        requireThreadMultiple(c);
        int go = c.tag();
        int data = c.tag() + 1;
        if (c.rank == 1) {
            c.world.recv(MPI.newIntBuffer(1), 1, MPI.INT, 0, go);
            c.world.send(new int[] {7, 8, 9}, 3, MPI.INT, 0, data);
        } else if (c.rank == 0) {
            int[] received = new int[3];
            CountDownLatch receiving = new CountDownLatch(1);
            Background receiver = new Background("receiver", () -> {
                receiving.countDown();
                c.world.recv(received, 3, MPI.INT, 1, data);
            });
            receiving.await();
            Thread.sleep(300); // Into its receive.
            boolean collected = gcWithin(Duration.ofSeconds(30));
            c.world.send(MPI.newIntBuffer(1), 1, MPI.INT, 1, go); // Also when the GC hung: the receive must end.
            receiver.join();
            expect(collected, "the GC waited for the receive");
            expect(java.util.Arrays.equals(received, new int[] {7, 8, 9}), "data " + java.util.Arrays.toString(received));
        }
    }

    /** Whether System.gc() (and allocating a GC's worth) returned within timeout, run in a thread of its own. */
    private static boolean gcWithin(Duration timeout) throws InterruptedException {
        Thread gc = new Thread(() -> {
            System.gc();
            byte[][] garbage = new byte[512][];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new byte[64 * 1024];
            }
            System.gc();
        }, "gc");
        gc.setDaemon(true);
        gc.start();
        gc.join(timeout.toMillis());
        return !gc.isAlive();
    }

    private static void requireThreadMultiple(Conformance c) {
        if (c.threadLevel != MPI.THREAD_MULTIPLE) {
            throw new Conformance.Skipped("MPI provides thread level " + c.threadLevel + ", not THREAD_MULTIPLE");
        }
    }

    private static long ringRounds(Conformance c, Intracomm ring) throws MPIException {
        long total = 0;
        for (int i = 0; i < ROUNDS; i++) {
            int[] in = new int[64];
            int[] out = new int[64];
            java.util.Arrays.fill(out, c.rank);
            ring.sendRecv(out, 64, MPI.INT, c.next(), 1, in, 64, MPI.INT, c.previous(), 1);
            total += in[63];
        }
        return total;
    }
}
