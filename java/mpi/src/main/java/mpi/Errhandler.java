package mpi;

/** An error handler: MPI.ERRORS_RETURN (this binding's default, errors become MPIExceptions) or MPI.ERRORS_ARE_FATAL. */
public final class Errhandler {
    final long handle;

    Errhandler(long handle) {
        this.handle = handle;
    }
}
