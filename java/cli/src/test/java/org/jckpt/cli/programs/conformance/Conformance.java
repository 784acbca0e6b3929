package org.jckpt.cli.programs.conformance;

import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;

/**
 * A conformance suite of the mpi.* API subset jckpt and its programs use, run with Open MPI's binding (the
 * reference) and with jckpt's: it uses only the public API, so the same classes run with either jar.
 * Run it on 4 tasks; {@code -Dmpi.binding=openmpi|jckpt} names the binding (to skip what one is known not to
 * do). Task 0 prints one line per check ("ok NAME", "skip NAME: why"); a task whose check fails prints
 * "FAIL NAME (task N): what". The last line counts them; the exit status is 1 after any failure.
 */
public final class Conformance {
    /** A check: it runs on every task and throws on a wrong answer. */
    interface Check {
        void run() throws Exception;
    }

    /** Thrown by a check on every task when it does not apply (the same decision everywhere). */
    static final class Skipped extends RuntimeException {
        Skipped(String why) {
            super(why);
        }
    }

    final Intracomm world = MPI.COMM_WORLD;
    final int rank;
    final int size;
    final int threadLevel;
    final String binding = System.getProperty("mpi.binding", "unknown");
    private int checks;
    private int failures;
    private int skips;

    private Conformance(int threadLevel) throws MPIException {
        this.rank = world.getRank();
        this.size = world.getSize();
        this.threadLevel = threadLevel;
    }

    public static void main(String[] args) throws Exception {
        int provided = MPI.InitThread(args, MPI.THREAD_MULTIPLE);
        Conformance c = new Conformance(provided);
        if (c.size != 4) {
            throw new IllegalStateException("run on 4 tasks, not " + c.size);
        }
        EnvironmentChecks.run(c);
        PointToPointChecks.run(c);
        CollectiveChecks.run(c);
        CommunicatorChecks.run(c);
        RequestChecks.run(c);
        ErrorAndThreadChecks.run(c);
        int failed = c.finish();
        MPI.Finalize();
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs check on every task; all tasks agree (by an allReduce) whether it passed. */
    void check(String name, Check check) throws MPIException {
        String failure = null;
        String skipped = null;
        try {
            check.run();
        } catch (Skipped s) {
            skipped = s.getMessage();
        } catch (Exception | AssertionError e) {
            failure = e.toString();
        }
        checks++;
        int[] failed = {failure == null ? 0 : 1};
        world.allReduce(failed, 1, MPI.INT, MPI.SUM);
        if (failure != null) {
            System.out.println("FAIL " + name + " (task " + rank + "): " + failure);
        }
        if (failed[0] > 0) {
            failures++;
        } else if (skipped != null) {
            skips++;
            printOnce("skip " + name + ": " + skipped);
        } else {
            printOnce("ok " + name);
        }
    }

    /** A distinct tag per check, so that a failed check's stray message does not match a later one. */
    int tag() {
        return 100 * (checks + 1);
    }

    void printOnce(String line) {
        if (rank == 0) {
            System.out.println(line);
        }
    }

    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    static void expectEquals(long actual, long expected, String what) {
        expect(actual == expected, what + ": " + actual + ", expected " + expected);
    }

    int next() {
        return (rank + 1) % size;
    }

    int previous() {
        return (rank + size - 1) % size;
    }

    private int finish() {
        printOnce("conformance: " + checks + " checks, " + failures + " failed, " + skips + " skipped");
        return failures;
    }
}
