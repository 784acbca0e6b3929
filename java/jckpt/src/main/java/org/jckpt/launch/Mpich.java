package org.jckpt.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jckpt.job.EngineType;
import org.jckpt.system.MpichLeftovers;

/**
 * An MPICH installation and its launcher, Hydra ({@code mpiexec.hydra}; Debian also names it
 * {@code mpiexec.mpich}), called by its own name: plain {@code mpiexec} or {@code mpirun} may be
 * another MPI's. Hydra passes the listed variables to every host ({@code -genvlist}), reaches other
 * hosts through ssh or the agent the user set, takes a hostfile of {@code host:N} lines, runs more
 * tasks than cores without being told, and inside a Slurm allocation finds its nodes and starts its
 * proxies through srun by itself.
 */
final class Mpich implements Mpi {
    private static final List<String> MPIEXEC_NAMES = List.of("mpiexec.hydra", "mpiexec.mpich");
    /** Hydra's own setting first; else the agent the user gave Open MPI, for the same hosts. */
    private static final List<String> AGENT_VARS = List.of("HYDRA_LAUNCHER_EXEC", "OMPI_MCA_plm_rsh_agent", "PRTE_MCA_plm_ssh_agent");

    private final Path mpiexec;
    private final String version;
    private final String agent;

    Mpich(Path mpiexec, String version, String agent) {
        this.mpiexec = mpiexec;
        this.version = version;
        this.agent = agent;
    }

    /** The MPICH at {@code mpiHome}, else the one on PATH. */
    static Mpich find(Map<String, String> env, Path mpiHome) throws LaunchException {
        Path mpiexec = mpiHome != null ? mpiHome.resolve("bin/mpiexec.hydra") : onPath(env);
        if (mpiexec == null || !Files.isExecutable(mpiexec)) {
            throw new LaunchException("MPICH not found: " + (mpiHome != null ? mpiexec + " does not exist (MPI_HOME=" + mpiHome + ")"
                    : "no mpiexec.hydra or mpiexec.mpich on PATH; install it (Debian: apt-get install mpich libmpich-dev) or set MPI_HOME"));
        }
        String agent = AGENT_VARS.stream().map(env::get).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
        return new Mpich(mpiexec, HydraVersion.of(mpiexec), agent);
    }

    /** Hydra on PATH, by its own names; null if none. */
    static Path onPath(Map<String, String> env) {
        return MPIEXEC_NAMES.stream().map(name -> Executables.onPath(env, name)).filter(p -> p != null).findFirst().orElse(null);
    }

    @Override
    public String describe() {
        return "MPICH " + version + " (" + mpiexec.getFileName() + ")";
    }

    @Override
    public Path jckptBindingDir(Path jckptHome) {
        return MpiChoice.bindingDir(jckptHome, "mpich", mpiexec.toAbsolutePath().getParent().resolve(".."));
    }

    @Override
    public MpiBinding ownBinding() throws LaunchException {
        throw new LaunchException("MPICH has no Java binding of its own; use jckpt's (--bindings jckpt or auto)");
    }

    @Override
    public RemoteShell remoteShell() {
        return RemoteShell.of(agent);
    }

    /**
     * jckpt's DMTCP engine is built around Open MPI's runtime: its plugin saves Open MPI's session
     * files, and its restarts run under Open MPI's daemons; none of it knows Hydra's proxies.
     */
    @Override
    public Optional<String> refusal(EngineType engine) {
        return engine == EngineType.DMTCP
                ? Optional.of("the DMTCP engine runs on Open MPI only (jckpt's DMTCP support saves and restarts Open MPI's"
                        + " runtime, not MPICH's Hydra proxies); on " + describe() + " use --engine app")
                : Optional.empty();
    }

    @Override
    public List<String> launchCommand(LaunchRequest request) throws IOException, LaunchException {
        List<String> cmd = new ArrayList<>(List.of(mpiexec.toString(), "-n", Integer.toString(request.tasks())));
        if (request.hostfile() != null) {
            Path converted = request.jobDir().resolve("hydra-hosts");
            Files.writeString(converted, HydraHostfile.of(Hostfile.entries(request.hostfile())));
            cmd.addAll(List.of("-f", converted.toString()));
        }
        cmd.addAll(launcherOptions());
        if (!request.exported().isEmpty()) {
            // Names only: the values (a coordinator's token among them) stay off the command line.
            cmd.addAll(List.of("-genvlist", String.join(",", request.exported())));
        }
        return cmd;
    }

    /**
     * The user's remote shell, as Hydra's rsh launcher, which runs it as {@code AGENT HOST COMMAND}
     * like Open MPI's agent (its ssh launcher would put "-x" before the host). Without one Hydra picks
     * its own (ssh, or srun inside Slurm).
     */
    List<String> launcherOptions() throws LaunchException {
        if (agent == null) {
            return List.of();
        }
        String program = agent.split(":")[0].strip();
        if (program.contains(" ")) {
            throw new LaunchException("Hydra takes its remote shell as one program, not '" + program
                    + "'; put a script that runs it in HYDRA_LAUNCHER_EXEC");
        }
        return List.of("-launcher", "rsh", "-launcher-exec", program);
    }

    /** ch4's progress loop never yields (MPIR_CVAR_POLLS_BEFORE_YIELD is ch3's). */
    @Override
    public boolean yieldsWhenOversubscribed() {
        return false;
    }

    @Override
    public Map<String, String> rootEnvironment() {
        return Map.of();
    }

    @Override
    public Map<String, String> launcherEnvironment() {
        return Map.of();
    }

    @Override
    public LauncherWatch watch(Process launcher, String jobId, PrintStream err) {
        return HydraOrphanWatch.start(launcher.toHandle(), jobId, err);
    }

    @Override
    public FailureReport failureReport() {
        return new HydraFailureReport();
    }

    @Override
    public void cleanLeftovers(Map<String, String> env, PrintStream err) {
        MpichLeftovers.cleanHere("", err);
    }
}
