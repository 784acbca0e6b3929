package org.jckpt.cli.programs.conformance;

import static org.jckpt.cli.programs.conformance.Conformance.expect;
import static org.jckpt.cli.programs.conformance.Conformance.expectEquals;

import mpi.MPI;
import mpi.MPIException;

/** MPI's environment: init state, thread level, processor name, time, constants. */
final class EnvironmentChecks {
    private EnvironmentChecks() {
    }

    static void run(Conformance c) throws MPIException {
        c.check("MPI.isInitialized/isFinalized", () -> {
            expect(MPI.isInitialized(), "isInitialized after InitThread");
            expect(!MPI.isFinalized(), "not isFinalized before Finalize");
        });
        c.check("MPI.InitThread/queryThread", () -> {
            expectEquals(MPI.queryThread(), c.threadLevel, "queryThread");
            expect(c.threadLevel >= MPI.THREAD_SINGLE && c.threadLevel <= MPI.THREAD_MULTIPLE, "a thread level");
        });
        c.check("MPI.getProcessorName", () -> expect(!MPI.getProcessorName().isBlank(), "a processor name"));
        c.check("MPI.wtime/wtick", () -> {
            double start = MPI.wtime();
            Thread.sleep(20);
            expect(MPI.wtime() - start >= 0.015, "wtime advances with time");
            expect(MPI.wtick() > 0 && MPI.wtick() < 1, "wtick in (0, 1): " + MPI.wtick());
        });
        c.check("MPI constants", () -> {
            expect(MPI.ANY_SOURCE < 0 && MPI.PROC_NULL < 0 && MPI.ANY_SOURCE != MPI.PROC_NULL, "ANY_SOURCE, PROC_NULL");
            expect(MPI.ANY_TAG < 0, "ANY_TAG");
            expect(MPI.THREAD_SINGLE < MPI.THREAD_FUNNELED && MPI.THREAD_FUNNELED < MPI.THREAD_SERIALIZED
                    && MPI.THREAD_SERIALIZED < MPI.THREAD_MULTIPLE, "thread levels in order");
            expect(MPI.INFO_NULL != null && MPI.COMM_WORLD != null && MPI.COMM_SELF != null, "predefined objects");
        });
        c.check("COMM_WORLD/COMM_SELF rank and size", () -> {
            expectEquals(c.world.getSize(), 4, "COMM_WORLD size");
            expect(c.rank >= 0 && c.rank < 4, "COMM_WORLD rank");
            expectEquals(MPI.COMM_SELF.getSize(), 1, "COMM_SELF size");
            expectEquals(MPI.COMM_SELF.getRank(), 0, "COMM_SELF rank");
        });
        c.check("MPI.new...Buffer are direct, in native order", () -> {
            expect(MPI.newByteBuffer(8).isDirect() && MPI.newIntBuffer(2).isDirect() && MPI.newLongBuffer(2).isDirect()
                    && MPI.newDoubleBuffer(2).isDirect() && MPI.newFloatBuffer(2).isDirect() && MPI.newShortBuffer(2).isDirect()
                    && MPI.newCharBuffer(2).isDirect(), "direct");
            expectEquals(MPI.newIntBuffer(5).capacity(), 5, "capacity in elements");
            expect(MPI.newByteBuffer(8).order() == java.nio.ByteOrder.nativeOrder(), "native order");
        });
    }
}
