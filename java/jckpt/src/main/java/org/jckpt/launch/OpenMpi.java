package org.jckpt.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jckpt.job.EngineType;
import org.jckpt.system.ExternalCommand;
import org.jckpt.system.MpiLeftovers;

/**
 * An Open MPI installation: its {@code mpirun}, the library directory that holds
 * {@code libmpi_java.so} where Open MPI was built with its Java bindings, and its version. A
 * site's installation ({@code MPI_HOME}, {@code OMPI_HOME}) comes first, then Debian's
 * {@code mpirun.openmpi}, then {@code mpirun} on PATH. Its own binding's {@code mpi.jar} is the
 * site's ({@code MPI_JAR}, Open MPI's libdir), else the one ci/setup.sh built.
 */
public final class OpenMpi implements Mpi {
    private static final String INSTALL_HINT = "install it (Debian: apt-get install openmpi-bin libopenmpi-dev) or set OMPI_HOME";
    /** Debian's own name first: the alternatives may point plain mpirun at another MPI. */
    private static final List<String> MPIRUN_NAMES = List.of("mpirun.openmpi", "mpirun");
    private static final String PMIX_SECURITY = "PMIX_MCA_psec";

    private final Path mpirun;
    private final Path libDir;
    private final OpenMpiVersion version;
    private final LauncherSettings settings;
    private final Map<String, String> env;
    private final Path jckptHome;

    private OpenMpi(Path mpirun, Path libDir, OpenMpiVersion version, Map<String, String> env, Path jckptHome) {
        this.mpirun = mpirun;
        this.libDir = libDir;
        this.version = version;
        this.settings = LauncherSettings.of(version, env);
        this.env = env;
        this.jckptHome = jckptHome;
    }

    /** An Open MPI with its own Java binding; fails saying what is missing. */
    public static OpenMpi locate(Map<String, String> env, Path jckptHome) throws LaunchException {
        OpenMpi mpi = find(env, null, jckptHome);
        mpi.ownBinding();
        return mpi;
    }

    /** The Open MPI at {@code mpiHome}, else OMPI_HOME's, else the one on PATH. */
    static OpenMpi find(Map<String, String> env, Path mpiHome, Path jckptHome) throws LaunchException {
        requireExplicitJar(env);
        String homeVariable = mpiHome != null ? "MPI_HOME" : "OMPI_HOME";
        String home = mpiHome != null ? mpiHome.toString() : env.get("OMPI_HOME");
        Path mpirun;
        Path libDir;
        if (home != null && !home.isEmpty()) {
            mpirun = Path.of(home, "bin", "mpirun");
            if (!Files.isExecutable(mpirun)) {
                throw new LaunchException("Open MPI not found: " + mpirun + " does not exist (" + homeVariable + "=" + home + ")");
            }
            libDir = Path.of(home, "lib");
        } else {
            mpirun = inRealDirectory(onPath(env));
            libDir = libDirOf(mpirun);
        }
        return new OpenMpi(mpirun, libDir, OpenMpiVersion.of(mpirun.resolveSibling("ompi_info")), env, jckptHome);
    }

    /** Open MPI's mpirun on PATH, by its Debian name where it has one; null if none. */
    static Path onPath(Map<String, String> env) {
        return MPIRUN_NAMES.stream().map(name -> Executables.onPath(env, name)).filter(p -> p != null).findFirst().orElse(null);
    }

    public Path mpirun() {
        return mpirun;
    }

    public Path libDir() {
        return libDir;
    }

    /** Open MPI's own mpi.jar; fails saying where it looked. */
    public Path mpiJar() throws LaunchException {
        String explicit = env.get("MPI_JAR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        List<Path> candidates = List.of(libDir.resolve("mpi.jar"), jckptHome.resolve("build/mpi/mpi.jar"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new LaunchException("mpi.jar not found (looked in " + candidates.get(0) + " and " + candidates.get(1)
                + "); run ci/setup.sh to build it from Debian's openmpi sources (or MPI_JAR=<site mpi.jar> ci/setup.sh),"
                + " or set MPI_JAR");
    }

    /** A jar the user named must exist, whichever binding the job takes. */
    private static void requireExplicitJar(Map<String, String> env) throws LaunchException {
        String explicit = env.get("MPI_JAR");
        if (explicit != null && !explicit.isEmpty() && !Files.isRegularFile(Path.of(explicit))) {
            throw new LaunchException("mpi.jar not found: MPI_JAR=" + explicit + " does not exist");
        }
    }

    @Override
    public String describe() {
        return version + " (" + mpirun.getFileName() + ")";
    }

    @Override
    public Path jckptBindingDir(Path home) {
        return MpiChoice.bindingDir(home, "openmpi", mpirun.getParent().getParent());
    }

    @Override
    public MpiBinding ownBinding() throws LaunchException {
        if (!Files.exists(libDir.resolve("libmpi_java.so"))) {
            throw new LaunchException("Open MPI's Java bindings not found: no libmpi_java.so in " + libDir
                    + "; use an Open MPI built with --enable-mpi-java, or jckpt's binding (--bindings jckpt)");
        }
        return new MpiBinding(MpiBinding.OPEN_MPIS, mpiJar(), libDir);
    }

    @Override
    public RemoteShell remoteShell() {
        return settings.remoteShell();
    }

    @Override
    public Optional<String> refusal(EngineType engine) {
        return Optional.empty();
    }

    @Override
    public List<String> launchCommand(LaunchRequest request) {
        List<String> cmd = new ArrayList<>(List.of(mpirun.toString(), "-np", Integer.toString(request.tasks())));
        if (request.hostfile() != null) {
            cmd.addAll(List.of("--hostfile", request.hostfile().toString()));
            cmd.addAll(settings.mpirunOptions(false));
        } else {
            cmd.add("--oversubscribe"); // One host: as many tasks as asked, whatever its core count.
            // Open MPI judges oversubscription by slots, and a batch allocation may grant more
            // slots than cores: say it, so that waiting tasks yield their core, unpinned.
            cmd.addAll(settings.mpirunOptions(request.tasks() > Runtime.getRuntime().availableProcessors()));
        }
        for (String name : request.exported()) {
            cmd.addAll(List.of("-x", name));
        }
        return cmd;
    }

    /** jckpt tells it to (mpi_yield_when_idle) when a host has more tasks than cores. */
    @Override
    public boolean yieldsWhenOversubscribed() {
        return true;
    }

    /** Open MPI refuses root unless told twice. */
    @Override
    public Map<String, String> rootEnvironment() {
        return Map.of("OMPI_ALLOW_RUN_AS_ROOT", "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
    }

    /**
     * PMIx, Open MPI's runtime, authenticates its local connections with munge where libmunge is
     * installed, and retries for some 2 s per job when no munge daemon runs (Debian with Slurm's
     * packages and munged stopped). The socket's own peer credentials ("native") authenticate the
     * same local connection at once.
     */
    @Override
    public Map<String, String> launcherEnvironment() {
        return Map.of(PMIX_SECURITY, env.getOrDefault(PMIX_SECURITY, "native"));
    }

    /** mpirun ends the job itself when a daemon or a task dies. */
    @Override
    public LauncherWatch watch(Process launcher, String jobId, PrintStream err) {
        return LauncherWatch.NONE;
    }

    @Override
    public FailureReport failureReport() {
        return new OpenMpiFailureReport();
    }

    @Override
    public void cleanLeftovers(Map<String, String> launcherEnv, PrintStream err) {
        MpiLeftovers.cleanHere(launcherEnv, "", err);
    }

    /**
     * Open MPI's libdir, as its C compiler wrapper beside mpirun reports it (10 ms), else its
     * ompi_info (0.25 s, every run: it starts Open MPI's runtime), else next to bin/.
     */
    private static Path libDirOf(Path mpirun) throws LaunchException {
        String wrapper = mpirun.getFileName().toString().replaceFirst("^mpirun", "mpicc");
        Optional<Path> reported = reported(List.of(mpirun.resolveSibling(wrapper).toString(), "--showme:libdirs"), "")
                .or(() -> reported(List.of(mpirun.resolveSibling("ompi_info").toString(), "--path", "libdir", "--parsable"),
                        "path:libdir:"));
        if (reported.isPresent()) {
            return reported.get();
        }
        try {
            return mpirun.toRealPath().getParent().resolveSibling("lib");
        } catch (IOException e) {
            throw new LaunchException("Open MPI not found: cannot resolve " + mpirun);
        }
    }

    /** The first path of the first output line that starts with {@code prefix}; empty if the command is absent or fails. */
    private static Optional<Path> reported(List<String> command, String prefix) {
        try {
            ExternalCommand.Result r = new ExternalCommand(command, Duration.ofSeconds(30)).run();
            if (r.ok()) {
                return r.output().lines().filter(line -> line.startsWith(prefix) && line.length() > prefix.length())
                        .map(line -> Path.of(line.substring(prefix.length()).strip().split("\\s+")[0])).findFirst();
            }
        } catch (IOException e) {
            // Not installed beside mpirun (a runtime without the wrappers): the next way.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /**
     * mpirun in its directory's real path: Open MPI takes its installation prefix from the path it
     * was started by, and a PATH with /bin first (Grid Engine's jobs have one) finds /bin/mpirun,
     * whose prefix "/" it refuses ("a prefix ... that only contained slashes"). The name itself
     * stays: Debian's mpirun.openmpi is a link to orterun (4.x) or prterun (5.x).
     */
    private static Path inRealDirectory(Path mpirun) throws LaunchException {
        if (mpirun == null) {
            throw new LaunchException("Open MPI not found: no mpirun on PATH; " + INSTALL_HINT);
        }
        try {
            return mpirun.getParent().toRealPath().resolve(mpirun.getFileName());
        } catch (java.io.IOException e) {
            throw new LaunchException("Open MPI not found: cannot resolve " + mpirun.getParent() + " (" + e.getMessage() + ")");
        }
    }
}
