package org.jckpt.batch;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The batch allocation the launcher runs in, if any. */
public interface BatchJob {

    /** The batch system's job, from the environment it sets; empty outside one. */
    static Optional<BatchJob> detect(Map<String, String> env) {
        String slurm = env.get("SLURM_JOB_ID");
        return slurm == null || slurm.isEmpty() ? Optional.empty() : Optional.of(new SlurmJob(slurm));
    }

    /** e.g. "Slurm job 42". */
    String describe();

    /** When the allocation ends, if the batch system says. */
    Optional<Instant> endTime() throws IOException, InterruptedException;

    /** Puts the job back in the queue; the batch system then ends this run of it. */
    void requeue() throws IOException, InterruptedException;
}
