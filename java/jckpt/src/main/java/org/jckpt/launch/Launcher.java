package org.jckpt.launch;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jckpt.batch.BatchJob;
import org.jckpt.batch.BatchPolicy;
import org.jckpt.control.Causes;
import org.jckpt.job.EngineType;
import org.jckpt.job.JobConfig;
import org.jckpt.launch.dmtcp.DmtcpLaunchEngine;
import org.jckpt.record.CheckpointLog;
import org.jckpt.record.LogEvent;
import org.jckpt.record.UnrecordedCommits;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.SetNaming;
import org.jckpt.system.Hosts;
import sun.misc.Signal;

/**
 * Runs one job: finds the MPI ({@link MpiChoice}) and the binding its tasks load
 * ({@link BindingChoice}), checks the checkpoint directory, opens the engine's launch side
 * ({@link LaunchEngine}: jckpt's coordinator, or DMTCP's) and the job's control socket, runs the
 * engine's command around the MPI's launcher, and turns {@code jckpt checkpoint} requests and
 * SIGUSR1 into system-initiated checkpoints. The MPI launcher's output passes through it, read for
 * its MPI's reason when a job fails ({@link FailureReport}, {@link JobEnd}); {@link AutoRestart}
 * runs a failed job again.
 * Before the launcher starts, what killed jobs left on this host goes ({@link Mpi#cleanLeftovers}).
 */
public final class Launcher {
    /** Exit status after {@code jckpt checkpoint -k} stopped the job once its set committed. */
    public static final int EXIT_STOPPED_AFTER_CHECKPOINT = 3;
    /** A task ended without closing jckpt while the MPI's launcher said all went well. */
    public static final int EXIT_TASK_LOST = 1;
    /** This process's own stdout, where the MPI launcher's goes when it is piped rather than inherited. */
    private static final PrintStream STDOUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true);

    private final Path home;
    private final Map<String, String> env;
    private final PrintStream err;
    private volatile Process job;
    private volatile boolean stopping;
    private volatile boolean ending;
    private BatchPolicy batch = BatchPolicy.none();
    private MpiChoice mpiChoice = MpiChoice.AUTO;
    private BindingChoice bindingChoice = BindingChoice.AUTO;
    private boolean saidRoot;
    private boolean saidPlatform;

    /** What a committed system-initiated checkpoint leads to. */
    private enum AfterCommit { GO_ON, STOP, REQUEUE }

    public Launcher(Path jckptHome, Map<String, String> env, PrintStream err) {
        this.home = jckptHome;
        this.env = env;
        this.err = err;
        // A launcher told to end (SIGTERM, SIGINT) takes its job with it; once, however many runs.
        Runtime.getRuntime().addShutdownHook(new Thread(this::end, "jckpt-end-job"));
    }

    /** Makes the launcher act on the batch system's warnings as {@code policy} says. */
    public Launcher batch(BatchPolicy policy) {
        this.batch = policy;
        return this;
    }

    /** Makes the launcher run its jobs on {@code mpi}, their tasks loading {@code bindings}. */
    public Launcher on(MpiChoice mpi, BindingChoice bindings) {
        this.mpiChoice = mpi;
        this.bindingChoice = bindings;
        return this;
    }

    /** The batch allocation the launcher runs in, if any. */
    Optional<BatchJob> batchJob() {
        return batch.job();
    }

    /** Runs the job to its end; returns mpirun's exit status. */
    public int run(JobSpec spec) throws LaunchException, IOException, InterruptedException {
        return run(spec, (engine, process) -> { });
    }

    /** Runs the job to its end, telling {@code observer} once it started; returns its exit status. */
    public int run(JobSpec spec, Observer observer) throws LaunchException, IOException, InterruptedException {
        return attempt(spec, observer).status();
    }

    /** Runs the job to its end; says how it ended. */
    JobEnd attempt(JobSpec spec) throws LaunchException, IOException, InterruptedException {
        return attempt(spec, (engine, process) -> { });
    }

    /** Something that watches a started job, e.g. a benchmark. */
    public interface Observer {
        void started(LaunchEngine engine, Process job) throws IOException, InterruptedException;
    }

    private JobEnd attempt(JobSpec spec, Observer observer) throws LaunchException, IOException, InterruptedException {
        Mpi mpi = mpiChoice.locate(env, home);
        Optional<String> refusal = mpi.refusal(spec.engine());
        if (refusal.isPresent()) {
            throw new LaunchException(refusal.get());
        }
        MpiBinding binding = bindingChoice.resolve(mpi, home);
        List<Path> classPath = ClassPath.forTasks(home, binding.jar(), spec.classPath(), spec.engine());
        ClassPath.requireClass(classPath, spec.mainClass());
        SetNaming naming = SetNaming.resolve(spec.ckptDir(), spec.ckptFile(), spec.mainClass());
        CheckpointDirectory.requireWritable(naming.dir());
        CheckpointDirectory.warnIfOthersCanWrite(naming.dir(), err);
        CheckpointEvery every = spec.every() == null ? null : CheckpointEvery.parse(spec.every());
        if (every != null && every.adaptive() && spec.engine() != EngineType.APP) {
            throw new LaunchException("--ckpt-every " + spec.every() + " needs the app engine, which measures each checkpoint's pause");
        }
        Instant haltAt = haltTime();
        CheckpointLog log = new CheckpointLog(naming, spec.modes(), err);

        String jobId = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        JobRegistry registry = new JobRegistry(env);
        Path jobDir = registry.create(jobId, ProcessHandle.current().pid(), batch.job().map(BatchJob::id));
        try (LaunchEngine engine = openEngine(spec, naming, jobId, mpi, binding);
             JobControl control = new JobControl(JobRegistry.socket(jobDir),
                     stop -> checkpoint(engine, stop ? AfterCommit.STOP : AfterCommit.GO_ON));
             CheckpointTimer timer = CheckpointTimer.start(engine, every)) {
            engine.onPause(checkpoint -> {
                log.append(checkpoint);
                timer.paused(checkpoint);
            });
            // Every restart set reaches the launcher through RestartChoice, which has verified it.
            JobConfig config = engine.taskConfig(JobConfig.builder().engine(spec.engine())
                    .checkpoints(naming.dir().toString(), naming.name()).keep(spec.keep()).every(spec.every()).jobId(jobId)
                    .restart(spec.restartSet() == null ? null : spec.restartSet().toString(), true,
                            spec.restartSet() != null && !spec.restartSet().toAbsolutePath().getParent().equals(naming.dir()))
                    .classPath(String.join(":", spec.classPath())).progress(System.console() != null)
                    .groupRead(spec.groupRead()).restarts(spec.restarts()).levels(spec.levels())
                    .platform(mpi.describe(), binding.id()).build());
            Map<String, String> jobVariables = new LinkedHashMap<>(config.toEnvironment());
            jobVariables.putAll(engine.taskEnvironment());
            JobEnvironment jobEnv = JobEnvironment.of(mpi, env, jobVariables);
            List<String> launcher = mpi.launchCommand(jobEnv.launch(spec.tasks(), spec.hostfile(), jobDir));
            List<String> command = engine.command(taskCommand(spec, launcher, binding, classPath));
            FailureReport report = mpi.failureReport();
            ProcessBuilder pb = LauncherOutput.redirect(new ProcessBuilder(command).inheritIO(), report);
            jobEnv.applyTo(pb.environment());
            sayRoot(mpi);
            handleSignals(engine);
            if (haltAt != null) {
                timer.at(haltAt, () -> halt(engine));
            }
            mpi.cleanLeftovers(env, err);
            sayPlatform(mpi, binding);
            err.println("jckpt: job " + jobId + " started: " + spec.tasks() + " tasks of " + spec.mainClass()
                    + " (" + spec.engine() + " engine), checkpoints in " + naming.dir() + "/" + naming.name() + ".*"
                    + " (jckpt checkpoint " + jobId + ")");
            UnrecordedCommits.record(log, naming, LocalLevel.existing(spec.levels().localRootHere(), naming).orElse(null));
            log.append(runEvent(spec));
            start(pb);
            LauncherOutput output = LauncherOutput.follow(job, STDOUT, err, report);
            observer.started(engine, job);
            JobEnd end;
            try (LauncherWatch watch = mpi.watch(job, jobId, err)) {
                int status = job.waitFor();
                Optional<String> hang = watch.endedJob();
                end = hang.isPresent() ? new JobEnd(status, JobEnd.Kind.FAILED, hang.get())
                        : ended(status, output, Path.of(launcher.get(0)).getFileName().toString(), engine);
            }
            log.append(LogEvent.end(System.currentTimeMillis(), end.status(), end.cause()));
            return end;
        } finally {
            JobRegistry.remove(jobDir);
        }
    }

    /** The record's line for a run starting now; only {@link AutoRestart} counts restarts, so one counted is automatic. */
    private static LogEvent runEvent(JobSpec spec) {
        Path from = spec.restartSet();
        return LogEvent.run(System.currentTimeMillis(), spec.tasks(), from == null ? null : from.toString(),
                from == null ? null : SetNaming.tagOf(from), from != null && spec.restarts() > 0, spec.restarts());
    }

    /** Starts the job, unless the launcher is ending: its shutdown hook would not see a job started after it ran. */
    private synchronized void start(ProcessBuilder pb) throws LaunchException, IOException {
        if (ending) {
            throw new LaunchException("the launcher is ending; the job is not started");
        }
        job = pb.start();
    }

    /** How the job ended, once the MPI launcher's output is passed on (its MPI's reason for a failure comes last). */
    private JobEnd ended(int status, LauncherOutput output, String launcher, LaunchEngine engine) throws InterruptedException {
        Optional<String> cause = output.cause();
        if (stopping) {
            return new JobEnd(EXIT_STOPPED_AFTER_CHECKPOINT, JobEnd.Kind.STOPPED, null);
        }
        if (ending) {
            return new JobEnd(status, JobEnd.Kind.INTERRUPTED, null);
        }
        if (status == 0) {
            return engine.lostTask().map(lost -> new JobEnd(EXIT_TASK_LOST, JobEnd.Kind.FAILED,
                    lost + ", though " + launcher + " exited with status 0")).orElse(new JobEnd(0, JobEnd.Kind.FINISHED, null));
        }
        return new JobEnd(status, JobEnd.Kind.FAILED, cause.orElse(launcher + " exited with status " + status));
    }

    /** The remote shell the MPI's launcher uses here, as the user set it. */
    RemoteShell remoteShell() throws LaunchException {
        return mpiChoice.locate(env, home).remoteShell();
    }

    /** The MPI and the binding, once however many runs: "MPI: MPICH 4.0.2 (mpiexec.hydra), bindings: jckpt's". */
    private void sayPlatform(Mpi mpi, MpiBinding binding) {
        if (!saidPlatform) {
            saidPlatform = true;
            err.println("jckpt: MPI: " + mpi.describe() + ", bindings: " + binding.owner());
        }
    }

    private LaunchEngine openEngine(JobSpec spec, SetNaming naming, String jobId, Mpi mpi, MpiBinding binding)
            throws LaunchException, IOException {
        String host = controlAddress(env);
        return switch (spec.engine()) {
            case APP -> new AppLaunchEngine(spec.tasks(), host);
            case DMTCP -> DmtcpLaunchEngine.open(spec, naming, jobId, env, host, mpi, binding);
        };
    }

    /**
     * SIGUSR1 takes a checkpoint. In a batch job it is the batch system's warning (Slurm's
     * --signal, Grid Engine's before a suspend or at s_rt): take a checkpoint, then go on or
     * requeue as the policy says. SIGTERM and SIGUSR2 (Grid Engine's before a kill) say the end
     * has come: take a checkpoint, then requeue or stop.
     */
    private void handleSignals(LaunchEngine engine) {
        if (batch.job().isEmpty()) {
            Signal.handle(new Signal("USR1"), s -> checkpoint(engine, AfterCommit.GO_ON));
            return;
        }
        AfterCommit onWarning = batch.requeueOnSignal() ? AfterCommit.REQUEUE : AfterCommit.GO_ON;
        Signal.handle(new Signal("USR1"), s -> warned(engine, "SIGUSR1", onWarning));
        AfterCommit onEnd = batch.requeueOnSignal() ? AfterCommit.REQUEUE : AfterCommit.STOP;
        Signal.handle(new Signal("TERM"), s -> warned(engine, "SIGTERM", onEnd));
        Signal.handle(new Signal("USR2"), s -> warned(engine, "SIGUSR2", onEnd));
    }

    private void warned(LaunchEngine engine, String signal, AfterCommit after) {
        if (stopping) {
            return; // Our own requeue or stop brings this signal.
        }
        err.println("jckpt: " + signal + " from " + batch.job().get().describe() + ": taking a checkpoint");
        checkpoint(engine, after);
    }

    /** {@code --halt-before}: the allocation's end is near. */
    private void halt(LaunchEngine engine) {
        if (!stopping) {
            err.println("jckpt: " + batch.haltBefore().toSeconds() + " s before the end of " + batch.job().get().describe()
                    + ": checkpointing and stopping");
            checkpoint(engine, batch.requeueOnSignal() ? AfterCommit.REQUEUE : AfterCommit.STOP);
        }
    }

    /** When {@code --halt-before} applies: the allocation's end less that margin; null for never. */
    private Instant haltTime() throws LaunchException, IOException, InterruptedException {
        if (batch.haltBefore() == null) {
            return null;
        }
        if (batch.job().isEmpty()) {
            throw new LaunchException("--halt-before needs a batch job (no SLURM_JOB_ID in the environment)");
        }
        Instant end = batch.job().get().endTime().orElseThrow(() ->
                new LaunchException("--halt-before: " + batch.job().get().describe() + " has no time limit"));
        return end.minus(batch.haltBefore());
    }

    /** A system-initiated checkpoint, then what {@code after} says. */
    private CompletableFuture<String> checkpoint(LaunchEngine engine, AfterCommit after) {
        return engine.checkpoint().whenComplete((set, failure) -> {
            if (failure != null) {
                err.println("jckpt: checkpoint failed: " + Causes.rootMessage(failure));
                return;
            }
            err.println("jckpt: checkpoint committed: " + set);
            if (after == AfterCommit.GO_ON) {
                return;
            }
            stopping = true; // before the requeue: the batch system answers it with SIGTERM
            if (after == AfterCommit.REQUEUE) {
                requeue();
            }
            err.println("jckpt: stopping the job after its checkpoint");
            endJob();
        });
    }

    private void requeue() {
        try {
            batch.job().get().requeue();
            err.println("jckpt: requeued " + batch.job().get().describe() + "; its next run restarts from the newest set");
        } catch (IOException e) {
            err.println("jckpt: requeue failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The launcher itself is told to end (SIGTERM, SIGINT): no job starts any more, the running one ends. */
    private synchronized void end() {
        ending = true;
        endJob();
    }

    /** Ends mpirun and the tasks. */
    private void endJob() {
        Process p = job;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    /** {@code launcher} starting the program on every task, with jckpt, the binding and the user's class path. */
    private List<String> taskCommand(JobSpec spec, List<String> launcher, MpiBinding binding, List<Path> classPath) {
        List<String> cmd = new ArrayList<>(launcher);
        Set<Path> libraries = new LinkedHashSet<>(List.of(binding.libraryDir(), home.resolve("build/native")));
        cmd.addAll(List.of(javaCommand(), "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", ClassPath.join(classPath),
                "-Djava.library.path=" + String.join(":", libraries.stream().map(Path::toString).toList()),
                spec.mainClass()));
        cmd.addAll(spec.args());
        return cmd;
    }

    private String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Open MPI refuses root unless told twice: say once, however many runs, that jckpt told it. */
    private void sayRoot(Mpi mpi) throws IOException {
        Map<String, String> asRoot = new TreeMap<>(mpi.rootEnvironment());
        if (saidRoot || asRoot.isEmpty() || !JobEnvironment.isRoot()) {
            return;
        }
        saidRoot = true;
        err.println("jckpt: running as root: setting " + String.join(" and ", asRoot.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()) + " for " + mpi.describe());
    }

    /** {@code JCKPT_CONTROL_HOST} if set (multi-homed hosts), else this host's name: where tasks reach the coordinator. */
    private static String controlAddress(Map<String, String> env) {
        String explicit = env.get("JCKPT_CONTROL_HOST");
        return explicit != null && !explicit.isEmpty() ? explicit : Hosts.thisHost();
    }
}
