package mpi;

/** A predefined reduction operation; user-defined operations are not offered. */
public final class Op implements Freeable {
    final long handle;

    Op(long handle) {
        this.handle = handle;
    }

    /** Every predefined operation is commutative. */
    public boolean isCommutative() {
        return true;
    }

    @Override
    public void free() throws MPIException {
        throw Unsupported.call("Op.free (of a predefined operation)");
    }

    public boolean isNull() {
        return handle == Constants.handle(Constants.OP_NULL);
    }
}
