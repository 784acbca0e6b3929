package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.system.ExternalCommand;

/**
 * The Open MPI installation a job runs on: {@code mpirun}, the library directory holding
 * {@code libmpi_java.so}, {@code mpi.jar}, and its version. A site's installation ({@code OMPI_HOME},
 * {@code MPI_JAR}, or Open MPI's libdir) comes first, then the mpi.jar that ci/setup.sh built.
 */
public record OpenMpi(Path mpirun, Path libDir, Path mpiJar, OpenMpiVersion version) {

    private static final String INSTALL_HINT = "install it (Debian: apt-get install openmpi-bin libopenmpi-dev) or set OMPI_HOME";

    public static OpenMpi locate(Map<String, String> env, Path jckptHome) throws LaunchException {
        String home = env.get("OMPI_HOME");
        Path mpirun;
        Path libDir;
        if (home != null && !home.isEmpty()) {
            mpirun = Path.of(home, "bin", "mpirun");
            if (!Files.isExecutable(mpirun)) {
                throw new LaunchException("Open MPI not found: " + mpirun + " does not exist (OMPI_HOME=" + home + ")");
            }
            libDir = Path.of(home, "lib");
        } else {
            mpirun = inRealDirectory(onPath(env, "mpirun"));
            libDir = libDirOf(mpirun);
        }
        if (!Files.exists(libDir.resolve("libmpi_java.so"))) {
            throw new LaunchException("Open MPI's Java bindings not found: no libmpi_java.so in " + libDir
                    + "; use an Open MPI built with --enable-mpi-java");
        }
        Path jar = mpiJar(env, libDir, jckptHome);
        return new OpenMpi(mpirun, libDir, jar, OpenMpiVersion.of(mpirun.resolveSibling("ompi_info")));
    }

    private static Path mpiJar(Map<String, String> env, Path libDir, Path jckptHome) throws LaunchException {
        String explicit = env.get("MPI_JAR");
        if (explicit != null && !explicit.isEmpty()) {
            if (!Files.isRegularFile(Path.of(explicit))) {
                throw new LaunchException("mpi.jar not found: MPI_JAR=" + explicit + " does not exist");
            }
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

    /** Open MPI's libdir, as its own ompi_info reports it; next to bin/ if that fails. */
    private static Path libDirOf(Path mpirun) throws LaunchException {
        Path ompiInfo = mpirun.resolveSibling("ompi_info");
        try {
            ExternalCommand.Result r = ExternalCommand.run(Duration.ofSeconds(30), ompiInfo.toString(), "--path", "libdir", "--parsable");
            if (r.ok()) {
                for (String line : r.output().split("\n")) {
                    if (line.startsWith("path:libdir:")) {
                        return Path.of(line.substring("path:libdir:".length()).trim());
                    }
                }
            }
        } catch (IOException e) {
            // No ompi_info beside mpirun: fall back to the usual layout.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return mpirun.toRealPath().getParent().resolveSibling("lib");
        } catch (IOException e) {
            throw new LaunchException("Open MPI not found: cannot resolve " + mpirun);
        }
    }

    /**
     * mpirun in its directory's real path: Open MPI takes its installation prefix from the path it
     * was started by, and a PATH with /bin first (Grid Engine's jobs have one) finds /bin/mpirun,
     * whose prefix "/" it refuses ("a prefix ... that only contained slashes"). The name itself
     * stays: on Debian it is the alternatives' link that chooses which MPI runs.
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

    public static Path onPath(Map<String, String> env, String command) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command);
            }
        }
        return null;
    }

    /** Every directory a task's {@code java.library.path} needs. */
    public List<Path> libraryPath(Path jckptHome) {
        List<Path> dirs = new ArrayList<>(List.of(libDir));
        dirs.add(jckptHome.resolve("build/native"));
        return dirs;
    }
}
