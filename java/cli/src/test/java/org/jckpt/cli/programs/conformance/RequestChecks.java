package org.jckpt.cli.programs.conformance;

import static org.jckpt.cli.programs.conformance.Conformance.expect;
import static org.jckpt.cli.programs.conformance.Conformance.expectEquals;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import mpi.MPI;
import mpi.MPIException;
import mpi.Request;
import mpi.Status;

/** Non-blocking calls: requests completed every way, in flight while the GC runs, cancelled. */
final class RequestChecks {
    private RequestChecks() {
    }

    static void run(Conformance c) throws MPIException {
        c.check("iSend/iRecv with waitFor/waitStatus (direct buffers)", () -> {
            IntBuffer in = MPI.newIntBuffer(3);
            Request recv = c.world.iRecv(in, 3, MPI.INT, c.previous(), c.tag());
            Request send = c.world.iSend(MPI.newIntBuffer(3).put(0, c.rank).put(2, -c.rank), 3, MPI.INT, c.next(), c.tag());
            Status s = recv.waitStatus();
            send.waitFor();
            expect(in.get(0) == c.previous() && in.get(2) == -c.previous(), "data");
            expect(s.getSource() == c.previous() && s.getTag() == c.tag() && s.getCount(MPI.INT) == 3, "status");
        });
        c.check("waitAll/waitAny/testAll/test", () -> completions(c));
        c.check("requests in flight across GCs (direct buffers)", () -> {
            LongBuffer in = MPI.newLongBuffer(1000);
            Request recv = c.world.iRecv(in, 1000, MPI.LONG, c.previous(), c.tag());
            churn();
            c.world.barrier(); // The sends start only once every receive has lived through GCs.
            LongBuffer out = MPI.newLongBuffer(1000);
            for (int i = 0; i < 1000; i++) {
                out.put(i, c.rank * 1000L + i);
            }
            Request send = c.world.iSend(out, 1000, MPI.LONG, c.next(), c.tag());
            churn();
            Request.waitAll(new Request[] {recv, send});
            for (int i = 0; i < 1000; i++) {
                expectEquals(in.get(i), c.previous() * 1000L + i, "element " + i);
            }
        });
        c.check("iRecv into a heap array reaches it at waitFor, across GCs", () -> heapInFlight(c));
        c.check("cancel", () -> {
            Request never = c.world.iRecv(MPI.newIntBuffer(1), 1, MPI.INT, c.rank, c.tag());
            never.cancel();
            Status s = never.waitStatus();
            expect(s.isCancelled(), "cancelled");
        });
    }

    private static void completions(Conformance c) throws MPIException {
        int t = c.tag();
        List<IntBuffer> ins = new ArrayList<>();
        Request[] recvs = new Request[3];
        for (int i = 0; i < 3; i++) {
            ins.add(MPI.newIntBuffer(1));
            recvs[i] = c.world.iRecv(ins.get(i), 1, MPI.INT, c.previous(), t + i);
        }
        Request[] sends = new Request[3];
        for (int i = 0; i < 3; i++) {
            sends[i] = c.world.iSend(MPI.newIntBuffer(1).put(0, 10 * c.rank + i), 1, MPI.INT, c.next(), t + i);
        }
        int first = Request.waitAny(recvs);
        expect(first >= 0 && first < 3, "waitAny's index " + first);
        while (!Request.testAll(sends)) {
            Thread.onSpinWait();
        }
        Request last = recvs[2];
        Request.waitAll(new Request[] {recvs[0], recvs[1]});
        while (!last.test()) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < 3; i++) {
            expectEquals(ins.get(i).get(0), 10 * c.previous() + i, "message " + i);
        }
    }

    /** Open MPI's binding takes direct buffers only for non-blocking calls; jckpt's copies heap buffers. */
    private static void heapInFlight(Conformance c) throws MPIException {
        int[] array = new int[500];
        Request recv;
        try {
            recv = c.world.iRecv(IntBuffer.wrap(array), 500, MPI.INT, c.previous(), c.tag());
        } catch (IllegalArgumentException e) {
            throw new Conformance.Skipped("this binding takes direct buffers only for non-blocking calls: " + e.getMessage());
        }
        churn();
        c.world.barrier();
        int[] out = new int[500];
        java.util.Arrays.setAll(out, i -> c.rank * 500 + i);
        c.world.send(out, 500, MPI.INT, c.next(), c.tag());
        churn();
        recv.waitFor();
        for (int i = 0; i < 500; i++) {
            expectEquals(array[i], c.previous() * 500 + i, "element " + i);
        }
    }

    /** Allocates and runs the GC, so that heap arrays move. */
    private static void churn() {
        for (int i = 0; i < 3; i++) {
            byte[][] garbage = new byte[200][];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = new byte[10_000];
            }
            System.gc();
        }
    }
}
