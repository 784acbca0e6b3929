package org.jckpt.launch;

/**
 * How one run of a job ended.
 *
 * @param status the exit status the launcher reports: mpirun's, or {@link Launcher#EXIT_STOPPED_AFTER_CHECKPOINT}
 * @param kind   what the end means for an automatic restart
 * @param cause  for a failure, what failed, as the MPI's launcher reported it (or its exit status)
 */
record JobEnd(int status, Kind kind, String cause) {
    enum Kind {
        /** Every task exited with status 0. */
        FINISHED,
        /** Stopped once a checkpoint committed: {@code jckpt checkpoint -k}, a batch warning, a requeue. */
        STOPPED,
        /** The launcher itself was told to end (SIGTERM, SIGINT) and took the job with it. */
        INTERRUPTED,
        /** A task was killed or exited non-zero, or mpirun lost one. */
        FAILED
    }
}
