package mpi;

/** An MPI object the program frees explicitly. */
public interface Freeable {
    void free() throws MPIException;
}
