package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --mpi auto|openmpi|mpich} (default: {@code JCKPT_MPI}, else auto): the MPI installation a
 * job runs on. {@code MPI_HOME} names an installation outside PATH (its kind told by its files: Open
 * MPI's ompi_info, or MPICH's Hydra); {@code OMPI_HOME} still names an Open MPI. auto is Open MPI
 * where there is one (jckpt's behaviour before MPICH), else MPICH.
 */
public enum MpiChoice {
    AUTO, OPENMPI, MPICH;

    /** Where a site sets the default of {@code --mpi} for its users. */
    public static final String VARIABLE = "JCKPT_MPI";

    /** {@code --mpi}'s value, else JCKPT_MPI's in {@code env}, else auto; a one-line error for any other. */
    public static MpiChoice of(String option, Map<String, String> env) {
        return Choices.of(MpiChoice.class, option, "--mpi", env, VARIABLE, "auto, openmpi or mpich");
    }

    /** The installation this choice names here; fails in one line saying what is missing. */
    public Mpi locate(Map<String, String> env, Path jckptHome) throws LaunchException {
        Path home = mpiHome(env);
        MpiChoice kind = this == AUTO ? kindHere(env, home) : this;
        if (home != null) {
            requireKind(home, kind);
        }
        return kind == MPICH ? Mpich.find(env, home) : OpenMpi.find(env, home, jckptHome);
    }

    private static void requireKind(Path home, MpiChoice kind) throws LaunchException {
        MpiChoice found = kindOf(home);
        if (found == AUTO) {
            throw new LaunchException("MPI_HOME=" + home + " holds neither Open MPI (bin/ompi_info) nor MPICH (bin/mpiexec.hydra)");
        }
        if (found != kind) {
            throw new LaunchException("MPI_HOME=" + home + " is " + (found == MPICH ? "an MPICH" : "an Open MPI")
                    + ", not the " + (kind == MPICH ? "MPICH" : "Open MPI") + " --mpi asks for");
        }
    }

    private static Path mpiHome(Map<String, String> env) {
        String home = env.get("MPI_HOME");
        return home == null || home.isEmpty() ? null : Path.of(home);
    }

    /** What auto takes: MPI_HOME's kind, else Open MPI where it is installed, else MPICH where it is. */
    private static MpiChoice kindHere(Map<String, String> env, Path home) {
        if (home != null) {
            return kindOf(home);
        }
        boolean openMpi = env.containsKey("OMPI_HOME") || OpenMpi.onPath(env) != null;
        return openMpi || Mpich.onPath(env) == null ? OPENMPI : MPICH;
    }

    private static MpiChoice kindOf(Path home) {
        return Files.isExecutable(home.resolve("bin/ompi_info")) ? OPENMPI
                : Files.isExecutable(home.resolve("bin/mpiexec.hydra")) ? MPICH : AUTO;
    }

    /**
     * Where jckpt's binding for an MPI of {@code kind} installed at {@code prefix} is built: Open MPI
     * under /usr in build/native (as before MPICH), another under /usr in build/native-KIND, one
     * elsewhere in build/native-KIND-PREFIX (slashes as underscores). ci/setup.sh names them alike.
     */
    static Path bindingDir(Path jckptHome, String kind, Path prefix) {
        String at = realPath(prefix).toString().replaceFirst("^/", "").replace('/', '_');
        String name = at.equals("usr") ? (kind.equals("openmpi") ? "native" : "native-" + kind) : "native-" + kind + "-" + at;
        return jckptHome.resolve("build").resolve(name);
    }

    /** As ci/setup.sh's {@code realpath -m}: links resolved where the path exists. */
    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
