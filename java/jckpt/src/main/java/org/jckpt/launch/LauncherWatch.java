package org.jckpt.launch;

import java.util.Optional;

/**
 * Watches a job's running MPI launcher for a state it would wait in for ever, and ends the job
 * then, saying why. One per run; closed when the run ends.
 */
interface LauncherWatch extends AutoCloseable {
    /** For launchers that end their jobs themselves whatever dies (Open MPI's). */
    LauncherWatch NONE = new LauncherWatch() {
        @Override
        public Optional<String> endedJob() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };

    /** Why the watch ended the job; empty when it did not. */
    Optional<String> endedJob();

    @Override
    void close();
}
