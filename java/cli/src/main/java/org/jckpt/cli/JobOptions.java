package org.jckpt.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.jckpt.batch.BatchJob;
import org.jckpt.batch.BatchPolicy;
import org.jckpt.launch.AutoRestart;
import org.jckpt.launch.BindingChoice;
import org.jckpt.launch.CheckpointEvery;
import org.jckpt.launch.Durations;
import org.jckpt.launch.FallbackRuns;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.Launcher;
import org.jckpt.launch.MpiChoice;
import org.jckpt.engine.app.taskfile.codec.Compression;
import org.jckpt.job.EngineType;
import org.jckpt.store.Bytes;
import org.jckpt.store.Levels;
import org.jckpt.store.Redundancy;
import picocli.CommandLine.Option;

/** Options that {@code run} and {@code restart} share. */
final class JobOptions {
    @Option(names = "--hostfile", paramLabel = "FILE", description = "mpirun hostfile (default: this host, oversubscribed)")
    Path hostfile;

    @Option(names = "--mpi", paramLabel = "auto|openmpi|mpich",
            description = "the MPI to run on: auto takes Open MPI where it is installed, else MPICH; MPI_HOME names an"
                    + " installation outside PATH (default: $JCKPT_MPI where set, e.g. by a site's module, else auto)")
    String mpi;

    @Option(names = "--bindings", paramLabel = "auto|openmpi|jckpt",
            description = "the mpi.* binding the tasks load: auto takes Open MPI's own where that MPI has it, else jckpt's"
                    + " (built against the MPI by ci/setup.sh); a restart may use the other one (default: $JCKPT_BINDINGS"
                    + " where set, else auto)")
    String bindings;

    @Option(names = "--ckpt-every", paramLabel = "K|DURATION|overhead:P%|daly:MTBF",
            description = "needCheckpoint() says yes every K calls, once per DURATION (e.g. 30s, 5m), as often as keeps"
                    + " the time paused in checkpoints within P %% of the run time (overhead:2%%), or at Daly's optimum"
                    + " interval for the measured pause and a mean time between failures (daly:6h); app engine for the last two")
    String every;

    @Option(names = "--keep", paramLabel = "N", description = "committed sets to keep (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int keep;

    @Option(names = "--ckpt-group-read",
            description = "let the group read the checkpoints (files 0640, directories 0750; default: the owner only, 0600"
                    + " and 0700, whatever the umask); for project directories. A restart keeps what the run chose")
    boolean groupRead;

    @Option(names = "--flush", paramLabel = "async|sync", defaultValue = "async",
            description = "app engine: async (default) pauses the job for a copy to the node-local level (--local-dir)"
                    + " and writes the set to the checkpoint directory in the background; sync writes it during the pause")
    String flush;

    @Option(names = "--local-dir", paramLabel = "DIR", defaultValue = "/dev/shm",
            description = "node-local level for --flush async: a tmpfs (default: ${DEFAULT-VALUE}) or a local disk, on every node;"
                    + " %%h stands for the host's name (a directory of each host's own, made when missing)")
    Path localDir;

    @Option(names = "--local-cap", paramLabel = "SIZE",
            description = "at most SIZE (e.g. 8G) of a job's copies on a node's local level; beyond, checkpoints are"
                    + " written synchronously (default: what the node's memory allows, keeping a tenth of it free)")
    String localCap;

    @Option(names = "--compress", paramLabel = "none|lz4|zstd[:LEVEL]", defaultValue = "none",
            description = "compress the sets the background flush writes (floating-point arrays byte-shuffled first;"
                    + " items that do not compress are stored raw; default: ${DEFAULT-VALUE})")
    String compress;

    @Option(names = "--redundancy", paramLabel = "none|partner|xor[:K]", defaultValue = "none",
            description = "app engine, --flush async: protect each set on the node-local level against the loss of a node,"
                    + " built in the background: partner keeps a copy of each node's copies on the next node; xor:K (K >= 3,"
                    + " default 4) keeps over each K nodes the parity that rebuilds any one, 1/(K-1) more, and falls back to partner on"
                    + " fewer nodes (default: ${DEFAULT-VALUE})")
    String redundancy;

    @Option(names = "--flush-every", paramLabel = "K", defaultValue = "1",
            description = "app engine, --flush async: flush only every K-th set committed on the node-local level to the"
                    + " checkpoint directory; 0 for never (sets live on the local level with their redundancy); --keep"
                    + " applies to each level (default: ${DEFAULT-VALUE})")
    int flushEvery;

    @Option(names = "--requeue-on-signal",
            description = "in a batch job: after the checkpoint a warning signal (SIGUSR1, SIGTERM) brought commits, requeue the job")
    boolean requeueOnSignal;

    @Option(names = "--halt-before", paramLabel = "DURATION",
            description = "in a batch job: checkpoint and stop this long before the allocation ends (e.g. 5m)")
    String haltBefore;

    @Option(names = "--max-restarts", paramLabel = "N", defaultValue = "0",
            description = "when the job fails (a task killed or exiting non-zero, a host lost) after a checkpoint set"
                    + " committed, restart it from the newest valid set, up to N times; hosts that no longer answer"
                    + " (of --hostfile, else of the Slurm allocation) are left out, and if the others have too few slots"
                    + " a set that redistributes restarts with as many tasks as they have (default: ${DEFAULT-VALUE})")
    int maxRestarts;

    /**
     * Runs {@code spec} with these options' batch behaviour and automatic restarts; with
     * {@code fallBack} (a set chosen as the newest), again from older sets while its tasks find it
     * damaged. Returns the exit status.
     */
    int launch(JobSpec spec, boolean fallBack, Consumer<String> say) throws Exception {
        Launcher launcher = new Launcher(Home.get(), System.getenv(), System.err).batch(batchPolicy())
                .on(mpiChoice(), bindingChoice());
        AutoRestart runs = new AutoRestart(launcher, maxRestarts, System.getenv(), System.err);
        return FallbackRuns.run(runs::run, spec, fallBack, say);
    }

    /** The batch behaviour these options ask for, in the batch job the environment names. */
    private BatchPolicy batchPolicy() {
        Duration halt = haltBefore == null ? null : Durations.parse(haltBefore);
        return new BatchPolicy(BatchJob.detect(System.getenv()), requeueOnSignal, halt);
    }

    /** These options' part of a job. */
    JobSpec.Builder applyTo(JobSpec.Builder spec) {
        return spec.hostfile(hostfile).every(every).keep(keep).groupRead(groupRead).levels(levels());
    }

    /** Where a restart also looks, on this host, for sets the flush had not committed yet. */
    Path localDir() {
        return levels().localRootHere();
    }

    private Levels levels() {
        return new Levels(flush.equals("async"), localDir.toAbsolutePath(), localCap == null ? 0 : Bytes.parse(localCap), compress,
                Redundancy.parse(redundancy), flushEvery);
    }

    private void validateLevels() {
        if (flushEvery < 0) {
            throw new IllegalArgumentException("--flush-every must be 0 or more, not " + flushEvery);
        }
        Redundancy scheme = Redundancy.parse(redundancy);
        boolean protectedLocally = !scheme.none();
        if (flush.equals("sync") && (protectedLocally || flushEvery != 1)) {
            throw new IllegalArgumentException((protectedLocally ? "--redundancy" : "--flush-every")
                    + " needs --flush async: with sync, sets are written to the checkpoint directory only");
        }
    }

    /** {@code --redundancy} and {@code --flush-every} act on the app engine's local copies; a DMTCP job has none. */
    void requireLevelsOf(EngineType engine) {
        if (engine != EngineType.APP && (!Redundancy.parse(redundancy).none() || flushEvery != 1)) {
            throw new IllegalArgumentException("--redundancy and --flush-every are for the app engine: the DMTCP engine writes"
                    + " its images to the checkpoint directory");
        }
    }

    private MpiChoice mpiChoice() {
        return MpiChoice.of(mpi, System.getenv());
    }

    private BindingChoice bindingChoice() {
        return BindingChoice.of(bindings, System.getenv());
    }

    void validate() {
        mpiChoice();
        bindingChoice();
        if (hostfile != null && !java.nio.file.Files.isRegularFile(hostfile)) {
            throw new IllegalArgumentException("hostfile " + hostfile + " does not exist");
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("--max-restarts must be 0 or more");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("--keep must be at least 1");
        }
        if (haltBefore != null) {
            Durations.parse(haltBefore);
        }
        if (!flush.equals("async") && !flush.equals("sync")) {
            throw new IllegalArgumentException("--flush must be async or sync, not '" + flush + "'");
        }
        if (localCap != null) {
            Bytes.parse(localCap);
        }
        validateLevels();
        Compression.parse(compress);
        if (every != null) {
            CheckpointEvery.parse(every);
        }
    }
}
