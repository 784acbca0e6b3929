package mpi;

/** The one place that turns an MPI error code into an exception. */
final class Errors {
    /** MPI_SUCCESS: 0 in every MPI (the standard fixes it). */
    private static final int SUCCESS = 0;

    static {
        NativeLibrary.load();
    }

    private Errors() {
    }

    /** Throws the MPIException for {@code code}, unless it is MPI_SUCCESS. */
    static void check(int code) throws MPIException {
        if (code != SUCCESS) {
            throw new MPIException(code, errorClass(code), errorString(code));
        }
    }

    private static native int errorClass(int code);

    private static native String errorString(int code);
}
