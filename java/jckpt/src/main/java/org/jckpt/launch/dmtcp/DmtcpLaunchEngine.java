package org.jckpt.launch.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.jckpt.control.Causes;
import org.jckpt.engine.dmtcp.CallbackVerdicts;
import org.jckpt.engine.dmtcp.FollowedImage;
import org.jckpt.engine.dmtcp.ImageStaging;
import org.jckpt.engine.dmtcp.SetAssembler;
import org.jckpt.job.JobConfig;
import org.jckpt.launch.Hostfile;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.LaunchEngine;
import org.jckpt.launch.LaunchException;
import org.jckpt.launch.Mpi;
import org.jckpt.launch.MpiBinding;
import org.jckpt.launch.RemoteShell;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileTrees;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.SetNaming;
import org.jckpt.system.DaemonThreads;
import org.jckpt.system.Hosts;

/**
 * The DMTCP engine's launch side: a coordinator per job, {@code dmtcp_launch} around
 * {@code mpirun} (or {@code dmtcp_restart} of a set's images), and system-initiated checkpoints
 * as {@code dmtcp_command -bc} followed by naming the images as a set.
 *
 * <p>Settings this stack needs, each found by a failure without it:
 * {@code --ckpt-signal 40}, since HotSpot uses SIGUSR2 (DMTCP's default) and SIGUSR1 is taken;
 * {@code _JAVA_SR_SIGNUM=41} in the JVMs, since DMTCP 5.0 still bans SIGUSR2 in its sigaction
 * wrapper after {@code --ckpt-signal} (a stale errno in DmtcpWorker::determineCkptSignal), which
 * silently drops HotSpot's suspend/resume handler: the JVM then uses signal 41 and nothing of it is
 * dropped; {@code HWLOC_COMPONENTS=-linuxio}, else hwloc opens /sys/class/block links with O_PATH
 * and DMTCP aborts; jckpt's plugin (native/dmtcp_plugin.c), which saves Open MPI's session files
 * (gone when a job is restarted after it ended) and the jars, but not the JDK's lib/modules, where
 * {@code --ckpt-open-files} would copy every file the user owns; no gzip unless asked (4x faster).
 */
public final class DmtcpLaunchEngine implements LaunchEngine {
    /**
     * No NOTE or WARNING from DMTCP: they go to the processes' stderr, which Open MPI forwards over
     * a socket, and one written while a checkpoint drains that socket lands after the drain cookie
     * ("signature mismatch" at restart, exit 99; a hang across hosts). jckpt reports failures itself.
     */
    private static final List<String> QUIET = List.of("-q", "-q");

    static final String CKPT_SIGNAL = "40";
    static final String JVM_SUSPEND_SIGNAL = "41";
    private static final java.time.Duration READY_TIMEOUT = java.time.Duration.ofMinutes(2);

    private final DmtcpInstall dmtcp;
    private final Path plugin;
    private final JobSpec spec;
    private final ImageStaging staging;
    private final DmtcpCoordinator coordinator;
    private final SetAssembler assembler;
    private final DmtcpRestartPlan restart;
    private final DmtcpSetSettler settler;

    private DmtcpLaunchEngine(DmtcpInstall dmtcp, Path plugin, JobSpec spec, ImageStaging staging,
                              DmtcpCoordinator coordinator, SetAssembler assembler, DmtcpRestartPlan restart,
                              DmtcpSetSettler settler) {
        this.dmtcp = dmtcp;
        this.plugin = plugin;
        this.spec = spec;
        this.staging = staging;
        this.coordinator = coordinator;
        this.assembler = assembler;
        this.restart = restart;
        this.settler = settler;
    }

    /** The engine for {@code spec}, run {@code run}, on {@code mpi}'s launcher with its tasks loading {@code binding}. */
    public static DmtcpLaunchEngine open(JobSpec spec, SetNaming naming, String run, Map<String, String> env, String host,
                                         Mpi mpi, MpiBinding binding) throws LaunchException, IOException {
        RemoteShell shell = mpi.remoteShell();
        String restartHost = oneHost(spec);
        DmtcpInstall dmtcp = DmtcpInstall.locate(env);
        Path plugin = modulesPlugin();
        int newestBefore = DmtcpSetSettler.newestTag(naming);
        ImageStaging staging = ImageStaging.of(naming, run, spec.modes());
        DmtcpLeftovers.clean(staging.dir().getParent());
        staging.create();
        staging.recordRestarts(spec.restarts());
        DmtcpLeftovers.recordLauncher(staging);
        DmtcpRestartPlan restart = spec.restartSet() == null ? null : DmtcpRestartPlan.prepare(spec.restartSet(), staging,
                restartHost == null ? Hosts.thisHost() : restartHost, restartHost == null ? null : shell);
        DmtcpCoordinator coordinator;
        try {
            coordinator = DmtcpCoordinator.start(dmtcp, staging, host);
            DmtcpLeftovers.recordCoordinator(staging, coordinator.pid());
        } catch (IOException | LaunchException e) {
            if (restart != null) {
                restart.close();
            }
            throw e;
        }
        SetAssembler assembler = new SetAssembler(staging, naming, program(spec, mpi, binding), spec.tasks(), spec.keep());
        return new DmtcpLaunchEngine(dmtcp, plugin, spec, staging, coordinator, assembler, restart,
                new DmtcpSetSettler(naming, assembler, newestBefore));
    }

    /**
     * The host a DMTCP job runs on: this one, or for a restart the first of its hostfile (null for
     * this host). A job spanning hosts is refused, since DMTCP 5.0 cannot restart one (tried here
     * with namespace hosts; README, "DMTCP across hosts"): every restored process announces its
     * restore socket as 0.0.0.0 (src/plugin/socket/connectionrewirer.cpp, since dmtcp/dmtcp#806),
     * so a peer on another host connects to itself; and on one host the restored dmtcp_ssh forks
     * its new dmtcp_sshd helper inside the restart, whose coordinator handshake never returns.
     * Checkpointing one hangs too (a drain cookie read together with a handshake: dmtcp/dmtcp#971).
     */
    private static String oneHost(JobSpec spec) throws IOException, LaunchException {
        if (spec.hostfile() == null) {
            return null;
        }
        List<String> hosts = Hostfile.hosts(spec.hostfile());
        if (spec.restartSet() != null) {
            String host = hosts.get(0);
            if (Hosts.isThisHost(host)) {
                return null;
            }
            System.err.println("jckpt: restarting every process on " + host + ", the first host of " + spec.hostfile()
                    + " (a DMTCP job runs on one host)");
            return host;
        }
        List<String> others = hosts.stream().filter(h -> !Hosts.isThisHost(h)).distinct().toList();
        if (!others.isEmpty()) {
            throw new LaunchException("a DMTCP job runs on one host, and " + spec.hostfile() + " names " + others.get(0)
                    + " besides this one: DMTCP 5.0 cannot restart a job that spans hosts, and hangs checkpointing"
                    + " one (dmtcp/dmtcp#971); run it here, restart it elsewhere with restart --hostfile, or use --engine app");
        }
        return null;
    }

    /** jckpt's DMTCP plugin (native/dmtcp_plugin.c), which keeps the JDK's lib/modules out of the images. */
    private static Path modulesPlugin() throws LaunchException {
        Path plugin = Path.of(System.getProperty("jckpt.home", "."), "build", "native", "libjckpt_dmtcp_plugin.so")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(plugin)) {
            throw new LaunchException("jckpt's DMTCP plugin is not built (no " + plugin + "); run ci/setup.sh");
        }
        return plugin;
    }

    /** The program as a restart relaunches it, with the options the tasks record too. */
    private static CheckpointSet.Program program(JobSpec spec, Mpi mpi, MpiBinding binding) {
        RecordedOptions options = new RecordedOptions(spec.keep(), spec.every(), spec.groupRead(), spec.restarts(),
                mpi.describe(), binding.id());
        return new CheckpointSet.Program(spec.mainClass(), spec.args(), String.join(":", spec.classPath()), options.toMap());
    }

    @Override
    public JobConfig taskConfig(JobConfig base) {
        return base;
    }

    @Override
    public Map<String, String> taskEnvironment() {
        return Map.of("_JAVA_SR_SIGNUM", JVM_SUSPEND_SIGNAL, "HWLOC_COMPONENTS", "-linuxio");
    }

    @Override
    public List<String> command(List<String> mpirun) {
        List<String> cmd = new ArrayList<>();
        if (restart != null) {
            cmd.addAll(List.of(dmtcp.command("dmtcp_restart"), "-h", coordinator.host(), "-p", Integer.toString(coordinator.port()),
                    "--ckptdir", staging.dir().toString()));
            cmd.addAll(QUIET);
            restart.images().forEach(p -> cmd.add(p.toString()));
            return restart.onHost(cmd);
        }
        cmd.addAll(List.of(dmtcp.command("dmtcp_launch"), "-h", coordinator.host(), "-p", Integer.toString(coordinator.port()),
                "--ckpt-signal", CKPT_SIGNAL, "--ckptdir", staging.dir().toString(),
                "--with-plugin", plugin.toString()));
        cmd.addAll(QUIET);
        if (!spec.gzip()) {
            cmd.add("--no-gzip");
        }
        cmd.addAll(mpirun);
        return cmd;
    }

    @Override
    public CompletableFuture<String> checkpoint() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return takeSet().setFile().toString();
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, r -> DaemonThreads.start("jckpt-dmtcp-checkpoint", r));
    }

    /** A committed set, with how long the checkpoint took (lock held) and DMTCP's share of that. */
    record TakenSet(Path setFile, long nanos, long snapshotNanos) {
    }

    /**
     * {@code dmtcp_command -bc} with the images checksummed as DMTCP writes them, then the images
     * named as a set, under the job's checkpoint lock.
     */
    TakenSet takeSet() throws IOException, InterruptedException {
        int processes = awaitEveryTask();
        try (ImageStaging.Held lock = staging.lock()) {
            long start = System.nanoTime();
            int tag = assembler.nextTag();
            CallbackVerdicts verdicts = CallbackVerdicts.of(staging);
            verdicts.clear();
            Map<String, FollowedImage> followed;
            try (ImageFollower follower = ImageFollower.start(staging)) {
                coordinator.checkpoint();
                followed = follower.finish();
            }
            long snapshot = System.nanoTime() - start;
            Path set = assembler.assemble(tag, processes, followed, verdicts);
            return new TakenSet(set, System.nanoTime() - start, snapshot);
        }
    }

    /**
     * Waits until every task runs under DMTCP and returns how many processes are connected. A
     * checkpoint while mpirun still starts tasks hangs for good: DMTCP's coordinator refuses
     * processes that connect during a checkpoint, and waits for them. A task records itself once
     * MPI is initialized, so every process has connected by then; a restart's processes have once
     * all images are back.
     */
    int awaitEveryTask() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            DmtcpCoordinator.Status s = coordinator.status();
            boolean connected = restart == null ? staging.tasks().size() >= spec.tasks() : s.peers() >= restart.images().size();
            if (connected && s.running()) {
                return s.peers();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("not every task of the job started within " + READY_TIMEOUT.toSeconds()
                        + " s (" + s.peers() + " processes under DMTCP); no checkpoint taken");
            }
            Thread.sleep(50);
        }
    }

    /** DMTCP's own checkpoint alone ({@code dmtcp_command -bc}), for the benchmark; its images are discarded. */
    long plainCheckpointNanos() throws IOException, InterruptedException {
        try (ImageStaging.Held lock = staging.lock()) {
            long start = System.nanoTime();
            coordinator.checkpoint();
            long took = System.nanoTime() - start;
            discardImages();
            return took;
        }
    }

    private void discardImages() throws IOException {
        try (Stream<Path> files = Files.list(staging.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith("ckpt_")) {
                    FileTrees.delete(f);
                }
            }
        }
    }

    /** Checkpoints on a period are system-initiated: DMTCP has no safe points to suggest them at. */
    @Override
    public CompletableFuture<?> periodic() {
        return checkpoint().whenComplete((set, e) -> System.err.println(e == null ? "jckpt: checkpoint committed: " + set
                : "jckpt: periodic checkpoint failed: " + Causes.rootMessage(e)));
    }

    /** Settles the last sets, stops the coordinator, removes the restart's links and this run's staging directory. */
    @Override
    public void close() {
        settler.close();
        coordinator.close();
        if (restart != null) {
            restart.close();
        }
        try {
            FileTrees.delete(staging.dir());
            Files.deleteIfExists(staging.dir().getParent());
        } catch (IOException ignored) {
            // Another run of the same name still uses the parent; this run's leftovers are hidden.
        }
    }
}
