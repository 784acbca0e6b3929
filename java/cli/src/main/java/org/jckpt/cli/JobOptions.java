package org.jckpt.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.jckpt.batch.BatchJob;
import org.jckpt.batch.BatchPolicy;
import org.jckpt.launch.Durations;
import org.jckpt.launch.JobSpec;
import picocli.CommandLine.Option;

/** Options that {@code run} and {@code restart} share. */
final class JobOptions {
    @Option(names = "--hostfile", paramLabel = "FILE", description = "mpirun hostfile (default: this host, oversubscribed)")
    Path hostfile;

    @Option(names = "--ckpt-every", paramLabel = "K|DURATION",
            description = "needCheckpoint() says yes every K calls, or once per DURATION (e.g. 30s, 5m)")
    String every;

    @Option(names = "--keep", paramLabel = "N", description = "committed sets to keep (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int keep;

    @Option(names = "--ckpt-group-read",
            description = "let the group read the checkpoints (files 0640, directories 0750; default: the owner only, 0600"
                    + " and 0700, whatever the umask); for project directories. A restart keeps what the run chose")
    boolean groupRead;

    @Option(names = "--requeue-on-signal",
            description = "in a batch job: after the checkpoint a warning signal (SIGUSR1, SIGTERM) brought commits, requeue the job")
    boolean requeueOnSignal;

    @Option(names = "--halt-before", paramLabel = "DURATION",
            description = "in a batch job: checkpoint and stop this long before the allocation ends (e.g. 5m)")
    String haltBefore;

    /** The batch behaviour these options ask for, in the batch job the environment names. */
    BatchPolicy batchPolicy() {
        Duration halt = haltBefore == null ? null : Durations.parse(haltBefore);
        return new BatchPolicy(BatchJob.detect(System.getenv()), requeueOnSignal, halt);
    }

    /** These options' part of a job. */
    JobSpec.Builder applyTo(JobSpec.Builder spec) {
        return spec.hostfile(hostfile).every(every).keep(keep).groupRead(groupRead);
    }

    void validate() {
        if (hostfile != null && !java.nio.file.Files.isRegularFile(hostfile)) {
            throw new IllegalArgumentException("hostfile " + hostfile + " does not exist");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("--keep must be at least 1");
        }
        if (haltBefore != null) {
            Durations.parse(haltBefore);
        }
        if (every != null) {
            Durations.isCallCount(every);
        }
    }
}
