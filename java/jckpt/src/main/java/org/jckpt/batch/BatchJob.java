package org.jckpt.batch;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jckpt.system.ExternalCommand;

/** The batch allocation the launcher runs in, if any. */
public interface BatchJob {

    /** The batch system's job, from the environment it sets (Slurm's, or Grid Engine's); empty outside one. */
    static Optional<BatchJob> detect(Map<String, String> env) {
        String slurm = env.get("SLURM_JOB_ID");
        if (slurm != null && !slurm.isEmpty()) {
            return Optional.of(new SlurmJob(slurm, env, ExternalCommand.SYSTEM));
        }
        if (GridEngineJob.runsIn(env)) {
            return Optional.of(new GridEngineJob(env.get("JOB_ID"), env, ExternalCommand.SYSTEM));
        }
        return Optional.empty();
    }

    /** One host of the allocation and how many tasks the batch system gives it. */
    record Node(String host, int slots) {
    }

    /** The batch system's id of the job, e.g. "42". */
    String id();

    /** e.g. "Slurm job 42". */
    String describe();

    /** When the allocation ends, if the batch system says. */
    Optional<Instant> endTime() throws IOException, InterruptedException;

    /** Puts the job back in the queue; the batch system then ends this run of it. */
    void requeue() throws IOException, InterruptedException;

    /** The allocation's hosts, in the batch system's order, with their slots. */
    List<Node> nodes() throws IOException, InterruptedException;

    /** The command that runs {@code command} on {@code host} inside the allocation, as a job step. */
    List<String> commandOn(String host, List<String> command);
}
