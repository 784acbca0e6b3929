package org.jckpt.launch;

import java.util.Optional;

/**
 * An MPI launcher's report of why a job failed, read off the stream it prints it on, line by line
 * as the stream passes through. Each MPI reads its own launcher's ({@link Mpi#failureReport}); one
 * report per run, fed by one thread.
 */
interface FailureReport {

    /** Whether the launcher prints its report on stdout (Hydra) rather than stderr (Open MPI's mpirun). */
    boolean onStdout();

    /** Reads one more line of that stream. */
    void read(String line);

    /** The reason, e.g. "task 2 on node7 killed by signal 9 (Killed)"; empty when the launcher gave none. */
    Optional<String> cause();
}
