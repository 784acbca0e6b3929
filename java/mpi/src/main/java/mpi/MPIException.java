package mpi;

/** An MPI call's error: its error code and class, with MPI's own error string as the message. */
public final class MPIException extends Exception {
    /** The code of an exception that did not come from an MPI call. */
    private static final int NOT_FROM_MPI = -1;

    private final int errorCode;
    private final int errorClass;

    public MPIException(String message) {
        super(message);
        this.errorCode = NOT_FROM_MPI;
        this.errorClass = NOT_FROM_MPI;
    }

    public MPIException(Throwable cause) {
        super(cause);
        this.errorCode = NOT_FROM_MPI;
        this.errorClass = NOT_FROM_MPI;
    }

    MPIException(int errorCode, int errorClass, String message) {
        super(message);
        this.errorCode = errorCode;
        this.errorClass = errorClass;
    }

    public int getErrorCode() {
        return errorCode;
    }

    public int getErrorClass() {
        return errorClass;
    }
}
