package org.jckpt.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.security.SecureRandom;
import org.jckpt.control.Coordinator;
import org.jckpt.control.RequestKind;
import org.jckpt.job.JobConfig;
import org.jckpt.store.SetNaming;
import sun.misc.Signal;

/**
 * Runs one job: checks the installation and the checkpoint directory, starts the checkpoint
 * coordinator and the job's control socket, runs {@code mpirun} with every task wired to them, and
 * turns {@code jckpt checkpoint} requests and SIGUSR1 into system-initiated checkpoints.
 */
public final class Launcher {
    /** Exit status after {@code jckpt checkpoint -k} stopped the job once its set committed. */
    public static final int EXIT_STOPPED_AFTER_CHECKPOINT = 3;

    private final Path home;
    private final Map<String, String> env;
    private final PrintStream err;
    private volatile Process job;
    private volatile boolean stopping;

    public Launcher(Path jckptHome, Map<String, String> env, PrintStream err) {
        this.home = jckptHome;
        this.env = env;
        this.err = err;
    }

    /** Runs the job to its end; returns mpirun's exit status. */
    public int run(JobSpec spec) throws LaunchException, IOException, InterruptedException {
        OpenMpi mpi = OpenMpi.locate(env, home);
        List<Path> classPath = ClassPath.forTasks(home, mpi.mpiJar(), spec.classPath());
        ClassPath.requireClass(classPath, spec.mainClass());
        SetNaming naming = SetNaming.resolve(spec.ckptDir(), spec.ckptFile(), spec.mainClass());
        CheckpointDirectory.requireWritable(naming.dir());
        Duration period = spec.every() == null || Durations.isCallCount(spec.every()) ? null : Durations.parse(spec.every());

        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        String jobId = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        JobRegistry registry = new JobRegistry(env);
        Path jobDir = registry.create(jobId, ProcessHandle.current().pid());
        try (Coordinator coordinator = new Coordinator(token, spec.tasks());
             JobControl control = new JobControl(JobRegistry.socket(jobDir), stop -> checkpoint(coordinator, stop))) {
            JobConfig config = new JobConfig(spec.engine(), naming.dir().toString(), naming.name(), spec.keep(),
                    spec.every(), Hosts.controlAddress(env) + ":" + coordinator.port(), token, jobId,
                    spec.restartSet() == null ? null : spec.restartSet().toString(), String.join(":", spec.classPath()),
                    System.console() != null);
            List<String> command = mpirunCommand(spec, mpi, classPath, config.toEnvironment().keySet());
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().putAll(config.toEnvironment());
            allowRoot(pb.environment());
            Signal.handle(new Signal("USR1"), s -> checkpoint(coordinator, false));
            ScheduledExecutorService timer = schedule(coordinator, period);
            err.println("jckpt: job " + jobId + " started: " + spec.tasks() + " tasks of " + spec.mainClass()
                    + ", checkpoints in " + naming.dir() + "/" + naming.name() + ".*"
                    + " (jckpt checkpoint " + jobId + ")");
            job = pb.start();
            int status = job.waitFor();
            timer.shutdownNow();
            return stopping ? EXIT_STOPPED_AFTER_CHECKPOINT : status;
        } finally {
            JobRegistry.remove(jobDir);
        }
    }

    /** A system-initiated checkpoint; with {@code stop}, the job ends once the set commits. */
    private CompletableFuture<String> checkpoint(Coordinator coordinator, boolean stop) {
        return coordinator.request(RequestKind.TAKE).whenComplete((set, failure) -> {
            if (failure != null) {
                err.println("jckpt: checkpoint failed: " + JobControl.rootMessage(failure));
                return;
            }
            err.println("jckpt: checkpoint committed: " + set);
            if (stop) {
                stopping = true;
                err.println("jckpt: stopping the job after its checkpoint (-k)");
                job.descendants().forEach(ProcessHandle::destroy);
                job.destroy();
            }
        });
    }

    private static ScheduledExecutorService schedule(Coordinator coordinator, Duration period) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jckpt-ckpt-every");
            t.setDaemon(true);
            return t;
        });
        if (period != null) {
            long ms = period.toMillis();
            timer.scheduleAtFixedRate(() -> coordinator.request(RequestKind.SUGGEST), ms, ms, TimeUnit.MILLISECONDS);
        }
        return timer;
    }

    private List<String> mpirunCommand(JobSpec spec, OpenMpi mpi, List<Path> classPath, Iterable<String> exported) {
        List<String> cmd = new ArrayList<>(List.of(mpi.mpirun().toString(), "-np", Integer.toString(spec.tasks())));
        if (spec.hostfile() != null) {
            cmd.addAll(List.of("--hostfile", spec.hostfile().toString()));
        } else {
            cmd.add("--oversubscribe"); // One host: as many tasks as asked, whatever its core count.
        }
        for (String name : exported) {
            cmd.addAll(List.of("-x", name));
        }
        cmd.addAll(List.of(javaCommand(), "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", ClassPath.join(classPath),
                "-Djava.library.path=" + String.join(":", mpi.libraryPath(home).stream().map(Path::toString).toList()),
                spec.mainClass()));
        cmd.addAll(spec.args());
        return cmd;
    }

    private String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Open MPI refuses root unless told twice; say so once. */
    private void allowRoot(Map<String, String> childEnv) throws IOException {
        if (!isRoot()) {
            return;
        }
        childEnv.put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        childEnv.put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        err.println("jckpt: running as root: setting OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 for Open MPI");
    }

    static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
