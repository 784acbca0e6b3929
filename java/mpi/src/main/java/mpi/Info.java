package mpi;

/** MPI_Info: only MPI.INFO_NULL is offered. */
public final class Info implements Freeable {
    final long handle;

    Info(long handle) {
        this.handle = handle;
    }

    public Info() throws MPIException {
        throw Unsupported.call("Info()");
    }

    public void set(String key, String value) throws MPIException {
        throw Unsupported.call("Info.set");
    }

    public String get(String key) throws MPIException {
        throw Unsupported.call("Info.get");
    }

    @Override
    public void free() throws MPIException {
        throw Unsupported.call("Info.free");
    }

    public boolean isNull() {
        return handle == Constants.handle(Constants.INFO_NULL);
    }
}
