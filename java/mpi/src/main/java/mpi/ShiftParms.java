package mpi;

/** CartComm.shift's answer: the ranks to receive from and to send to (MPI.PROC_NULL past a non-periodic edge). */
public final class ShiftParms {
    private final int source;
    private final int dest;

    ShiftParms(int source, int dest) {
        this.source = source;
        this.dest = dest;
    }

    public int getRankSource() {
        return source;
    }

    public int getRankDest() {
        return dest;
    }
}
