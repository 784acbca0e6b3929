package mpi;

/** An intra-communicator: one that can be split and given a cartesian topology. */
public class Intracomm extends Comm {
    static {
        NativeLibrary.load();
    }

    Intracomm(long handle) {
        super(handle);
    }

    @Override
    public Intracomm dup() throws MPIException {
        return new Intracomm(dupHandle());
    }

    /** The tasks of one color, ordered by key; with color MPI.UNDEFINED a null communicator. */
    public final Intracomm split(int color, int key) throws MPIException {
        MPI.check();
        long[] comm = new long[1];
        Errors.check(split(handle, color, key, comm));
        return new Intracomm(comm[0]);
    }

    /** The tasks that share what {@code splitType} names (Comm.TYPE_SHARED: memory, i.e. a host), ordered by key. */
    public final Intracomm splitType(int splitType, int key, Info info) throws MPIException {
        MPI.check();
        long[] comm = new long[1];
        Errors.check(splitType(handle, splitType, key, info.handle, comm));
        return new Intracomm(comm[0]);
    }

    public final CartComm createCart(int[] dims, boolean[] periods, boolean reorder) throws MPIException {
        MPI.check();
        if (dims.length != periods.length) {
            throw new IllegalArgumentException(dims.length + " dimensions but " + periods.length + " periods");
        }
        long[] comm = new long[1];
        Errors.check(CartComm.create(handle, dims, periods, reorder, comm));
        return new CartComm(comm[0]);
    }

    public final void scan(Object sendBuf, Object recvBuf, int count, Datatype type, Op op) throws MPIException {
        throw Unsupported.call("Intracomm.scan");
    }

    public final void exScan(Object sendBuf, Object recvBuf, int count, Datatype type, Op op) throws MPIException {
        throw Unsupported.call("Intracomm.exScan");
    }

    private static native int split(long comm, int color, int key, long[] newComm);

    private static native int splitType(long comm, int splitType, int key, long info, long[] newComm);
}
