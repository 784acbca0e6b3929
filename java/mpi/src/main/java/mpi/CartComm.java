package mpi;

/** A communicator with a cartesian topology. */
public final class CartComm extends Intracomm {
    static {
        NativeLibrary.load();
    }

    CartComm(long handle) {
        super(handle);
    }

    @Override
    public CartComm dup() throws MPIException {
        return new CartComm(dupHandle());
    }

    public CartParms getTopo() throws MPIException {
        MPI.check();
        int[] count = new int[1];
        Errors.check(dimCount(handle, count));
        int[] dims = new int[count[0]];
        int[] periods = new int[count[0]];
        int[] coords = new int[count[0]];
        Errors.check(topo(handle, dims, periods, coords));
        return new CartParms(dims, periods, coords);
    }

    /** The rank of the task at {@code coords}. */
    public int getRank(int[] coords) throws MPIException {
        MPI.check();
        int[] rank = new int[1];
        Errors.check(rankAt(handle, coords, rank));
        return rank[0];
    }

    public int[] getCoords(int rank) throws MPIException {
        MPI.check();
        int[] count = new int[1];
        Errors.check(dimCount(handle, count));
        int[] coords = new int[count[0]];
        Errors.check(coords(handle, rank, coords));
        return coords;
    }

    /** The neighbours {@code displacement} steps away along {@code direction}: where to receive from and send to. */
    public ShiftParms shift(int direction, int displacement) throws MPIException {
        MPI.check();
        int[] sourceAndDest = new int[2];
        Errors.check(shift(handle, direction, displacement, sourceAndDest));
        return new ShiftParms(sourceAndDest[0], sourceAndDest[1]);
    }

    public CartComm sub(boolean[] remainDims) throws MPIException {
        throw Unsupported.call("CartComm.sub");
    }

    public static void createDims(int nodes, int[] dims) throws MPIException {
        throw Unsupported.call("CartComm.createDims");
    }

    static native int create(long comm, int[] dims, boolean[] periods, boolean reorder, long[] newComm);

    private static native int dimCount(long comm, int[] count);

    private static native int topo(long comm, int[] dims, int[] periods, int[] coords);

    private static native int rankAt(long comm, int[] coords, int[] rank);

    private static native int coords(long comm, int rank, int[] coords);

    private static native int shift(long comm, int direction, int displacement, int[] sourceAndDest);
}
