package org.jckpt.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --bindings auto|openmpi|jckpt} (default: {@code JCKPT_BINDINGS}, else auto): which
 * implementation of {@code mpi.*} the tasks load. auto takes the MPI's own where it has one (an Open MPI built with its Java bindings), jckpt's
 * otherwise. The checkpointed state is the program's, so a restart may take the other one.
 */
public enum BindingChoice {
    AUTO, OPENMPI, JCKPT;

    /** Where a site sets the default of {@code --bindings} for its users. */
    public static final String VARIABLE = "JCKPT_BINDINGS";

    /** {@code --bindings}' value, else JCKPT_BINDINGS' in {@code env}, else auto; a one-line error for any other. */
    public static BindingChoice of(String option, Map<String, String> env) {
        return Choices.of(BindingChoice.class, option, "--bindings", env, VARIABLE, "auto, openmpi or jckpt");
    }

    /** The binding this choice takes on {@code mpi}; fails saying what is missing. */
    public MpiBinding resolve(Mpi mpi, Path jckptHome) throws LaunchException {
        return switch (this) {
            case OPENMPI -> mpi.ownBinding();
            case JCKPT -> jckpts(mpi, jckptHome);
            case AUTO -> ownOrJckpts(mpi, jckptHome);
        };
    }

    private static MpiBinding ownOrJckpts(Mpi mpi, Path jckptHome) throws LaunchException {
        try {
            return mpi.ownBinding();
        } catch (LaunchException noOwn) {
            try {
                return jckpts(mpi, jckptHome);
            } catch (LaunchException noJckpts) {
                throw new LaunchException(noOwn.getMessage() + "; and " + noJckpts.getMessage());
            }
        }
    }

    /** jckpt's binding: the java/mpi module's jar and libjckpt_mpi.so built against this MPI. */
    private static MpiBinding jckpts(Mpi mpi, Path jckptHome) throws LaunchException {
        Path jar = jckptHome.resolve("java/mpi/target/jckpt-mpi.jar");
        Path dir = mpi.jckptBindingDir(jckptHome);
        if (!Files.isRegularFile(jar)) {
            throw new LaunchException("jckpt's MPI binding is not built (no " + jar + "); run ci/setup.sh");
        }
        if (!Files.isRegularFile(dir.resolve("libjckpt_mpi.so"))) {
            throw new LaunchException("jckpt's MPI binding is not built for " + mpi.describe() + " (no " + dir
                    + "/libjckpt_mpi.so); run ci/setup.sh (MPI_HOME=<its prefix> ci/setup.sh for an MPI elsewhere)");
        }
        return new MpiBinding(MpiBinding.JCKPTS, jar, dir);
    }
}
