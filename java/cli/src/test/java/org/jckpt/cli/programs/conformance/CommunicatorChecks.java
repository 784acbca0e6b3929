package org.jckpt.cli.programs.conformance;

import static org.jckpt.cli.programs.conformance.Conformance.expect;
import static org.jckpt.cli.programs.conformance.Conformance.expectEquals;

import java.util.Arrays;
import mpi.CartComm;
import mpi.CartParms;
import mpi.Comm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;
import mpi.ShiftParms;

/** New communicators: dup, split, splitType, free, and a cartesian one. */
final class CommunicatorChecks {
    private CommunicatorChecks() {
    }

    static void run(Conformance c) throws MPIException {
        c.check("dup/free", () -> {
            Intracomm copy = c.world.dup();
            expect(copy.getSize() == 4 && copy.getRank() == c.rank, "same tasks, same ranks");
            int[] sum = {1};
            copy.allReduce(sum, 1, MPI.INT, MPI.SUM);
            expectEquals(sum[0], 4, "allReduce on the copy");
            copy.free();
            expect(copy.isNull(), "null once freed");
        });
        c.check("split (and UNDEFINED)", () -> {
            Intracomm half = c.world.split(c.rank % 2, -c.rank);
            expectEquals(half.getSize(), 2, "size");
            expectEquals(half.getRank(), c.rank < 2 ? 1 : 0, "rank ordered by key");
            int[] sum = {c.rank};
            half.allReduce(sum, 1, MPI.INT, MPI.SUM);
            expectEquals(sum[0], c.rank % 2 == 0 ? 2 : 4, "allReduce within the half");
            half.free();
            Intracomm none = c.world.split(c.rank == 0 ? 0 : MPI.UNDEFINED, 0);
            expect(c.rank == 0 ? none.getSize() == 1 : none.isNull(), "UNDEFINED gives a null communicator");
            if (c.rank == 0) {
                none.free();
            }
        });
        c.check("splitType(Comm.TYPE_SHARED)", () -> {
            Intracomm host = c.world.splitType(Comm.TYPE_SHARED, c.rank, MPI.INFO_NULL);
            expectEquals(host.getSize(), 4, "all 4 tasks on this one host");
            expectEquals(host.getRank(), c.rank, "rank");
            host.free();
        });
        c.check("createCart/getTopo/getCoords/getRank/shift", () -> cartesian(c));
    }

    /** A 2 x 2 grid, periodic in the first dimension only. */
    private static void cartesian(Conformance c) throws MPIException {
        CartComm grid = c.world.createCart(new int[] {2, 2}, new boolean[] {true, false}, false);
        CartParms topo = grid.getTopo();
        expectEquals(topo.getDimCount(), 2, "dimensions");
        expect(topo.getDim(0) == 2 && topo.getDim(1) == 2, "dims");
        expect(topo.getPeriod(0) && !topo.getPeriod(1), "periods");
        int[] coords = grid.getCoords(grid.getRank());
        expect(Arrays.equals(coords, new int[] {c.rank / 2, c.rank % 2}), "coords " + Arrays.toString(coords));
        expect(topo.getCoord(0) == coords[0] && topo.getCoord(1) == coords[1], "getTopo's coords");
        expectEquals(grid.getRank(new int[] {1, 0}), 2, "rank at (1, 0)");
        ShiftParms rows = grid.shift(0, 1);
        expect(rows.getRankSource() == (c.rank + 2) % 4 && rows.getRankDest() == (c.rank + 2) % 4, "periodic shift");
        ShiftParms columns = grid.shift(1, 1);
        int column = c.rank % 2;
        expectEquals(columns.getRankDest(), column == 0 ? c.rank + 1 : MPI.PROC_NULL, "shift's dest at the edge");
        expectEquals(columns.getRankSource(), column == 1 ? c.rank - 1 : MPI.PROC_NULL, "shift's source at the edge");
        grid.free();
    }
}
