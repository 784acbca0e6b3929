package org.jckpt.launch;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import org.jckpt.store.RestartSets;
import org.jckpt.store.RestartSets.VerifiedSet;
import org.jckpt.store.SetFileException;

/**
 * Runs a job that restarts from the newest set ({@code restart --latest}, {@code run --restart auto}).
 * The launcher checks such a set's files for presence and sizes only; its tasks check the blocks they
 * read, and end the job with {@link RestartSets#EXIT_DAMAGED_SET} before loading anything when one
 * is bad. Then the job runs again from the previous valid set, as long as there is one.
 */
public final class FallbackRuns {
    private FallbackRuns() {
    }

    /** Whatever runs a job to its end and returns its exit status (a launcher, or its automatic restarts). */
    @FunctionalInterface
    public interface Runs {
        int run(JobSpec spec) throws LaunchException, IOException, InterruptedException;
    }

    /** Runs {@code spec}; with {@code fallBack}, again from older sets while its tasks find the set damaged. */
    public static int run(Runs runs, JobSpec spec, boolean fallBack, Consumer<String> say)
            throws LaunchException, IOException, InterruptedException, SetFileException {
        JobSpec next = spec;
        while (true) {
            int status = runs.run(next);
            if (!fallBack || status != RestartSets.EXIT_DAMAGED_SET || next.restartSet() == null) {
                return status;
            }
            Optional<VerifiedSet> previous = RestartChoice.previous(next, RestartSets.ProgressFactory.NONE, say);
            if (previous.isEmpty()) {
                return status;
            }
            next = next.toBuilder().restartFrom(previous.get().setFile()).build();
        }
    }
}
