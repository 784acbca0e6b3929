package org.jckpt.batch;

import java.time.Duration;
import java.util.Optional;

/**
 * What the launcher does about the batch system it runs under.
 *
 * @param job             the allocation, if the launcher runs in one
 * @param requeueOnSignal after the checkpoint a warning signal asked for commits, requeue the job
 * @param haltBefore      checkpoint and stop this long before the allocation ends; null for never
 */
public record BatchPolicy(Optional<BatchJob> job, boolean requeueOnSignal, Duration haltBefore) {

    public static BatchPolicy none() {
        return new BatchPolicy(Optional.empty(), false, null);
    }
}
