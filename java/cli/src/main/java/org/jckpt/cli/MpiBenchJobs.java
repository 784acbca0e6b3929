package org.jckpt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.launch.JobEnvironment;
import org.jckpt.launch.LaunchException;
import org.jckpt.launch.Mpi;
import org.jckpt.launch.MpiBinding;
import org.jckpt.system.ExternalCommand;

/**
 * What bench-mpi runs on one MPI, each run its own MPI job started as jckpt's launcher starts one on
 * this host: the C reference (jckpt_mpi_bench, built beside jckpt's binding for that MPI) and
 * org.jckpt.examples.MpiBench with jckpt's binding and, where the MPI has one, with its own.
 */
final class MpiBenchJobs {
    private static final Pattern FIGURE = Pattern.compile("(\\w+) (\\d+(\\.\\d+)?)");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final String JAVA_PROGRAM = "org.jckpt.examples.MpiBench";

    /** A binding's benchmark program: its command after mpirun's, without the mode. */
    record Program(String binding, List<String> command) {
    }

    private final Mpi mpi;
    private final List<Program> programs;
    private final String mpisOwnBinding;

    private MpiBenchJobs(Mpi mpi, List<Program> programs, String mpisOwnBinding) {
        this.mpi = mpi;
        this.programs = programs;
        this.mpisOwnBinding = mpisOwnBinding;
    }

    /** The programs on {@code mpi}: C's and jckpt's binding's required, the MPI's own binding's where present. */
    static MpiBenchJobs locate(Mpi mpi, Path home) throws LaunchException {
        Path built = mpi.jckptBindingDir(home);
        String howToBuild = "ci/setup.sh builds it for " + mpi.describe();
        Path examples = required(home.resolve("examples/target/jckpt-examples.jar"), "mvn package");
        Path c = required(built.resolve("jckpt_mpi_bench"), howToBuild);
        Path jckptJar = required(home.resolve("java/mpi/target/jckpt-mpi.jar"), "mvn package");
        Path jckptLibrary = required(built.resolve("libjckpt_mpi.so"), howToBuild);
        List<Program> programs = new ArrayList<>();
        programs.add(new Program("c", List.of(c.toString())));
        programs.add(java("jckpt", examples, jckptJar, built));
        try {
            MpiBinding own = mpi.ownBinding();
            programs.add(java("openmpi", examples, own.jar(), own.libraryDir()));
            return new MpiBenchJobs(mpi, programs, mpi.describe() + ", " + own.jar());
        } catch (LaunchException e) {
            return new MpiBenchJobs(mpi, programs, "absent: " + e.getMessage()); // no figures of the MPI's own binding
        }
    }

    private static Path required(Path file, String howToBuild) throws LaunchException {
        if (!Files.isRegularFile(file)) {
            throw new LaunchException("bench-mpi needs " + file + ", which is not built (" + howToBuild + ")");
        }
        return file;
    }

    private static Program java(String binding, Path examples, Path mpiJar, Path libraryDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new Program(binding, List.of(java, "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", examples + ":" + mpiJar,
                "-Djava.library.path=" + libraryDir, JAVA_PROGRAM));
    }

    List<Program> programs() {
        return programs;
    }

    /** Where the MPI's own binding came from, or why it is absent. */
    String mpisOwnBinding() {
        return mpisOwnBinding;
    }

    Mpi mpi() {
        return mpi;
    }

    /** One run of a program's mode on {@code tasks} tasks: its task 0's figures, by unprefixed name. */
    Map<String, Double> run(Program program, String mode, int tasks, boolean quick)
            throws IOException, InterruptedException, LaunchException {
        List<String> command = new ArrayList<>(launchCommand(tasks));
        command.addAll(program.command());
        command.add(mode);
        if (quick) {
            command.add("quick");
        }
        ExternalCommand.Result result = new ExternalCommand(command, RUN_TIMEOUT).run();
        Map<String, Double> figures = figures(result.output());
        if (!result.ok() || figures.isEmpty()) {
            throw new IOException(program.binding() + "'s " + mode + " run failed (exit " + result.status() + "): "
                    + String.join(" ", command) + "\n" + result.output().strip());
        }
        return figures;
    }

    /**
     * The MPI's launcher for a job of {@code tasks} on this host, as jckpt's launcher starts one: a
     * job that fits leaves binding to the MPI, more tasks than cores run unbound, yielding when idle.
     */
    private List<String> launchCommand(int tasks) throws IOException, LaunchException {
        JobEnvironment jobEnv = JobEnvironment.of(mpi, System.getenv(), Map.of());
        Map<String, String> variables = new LinkedHashMap<>();
        jobEnv.applyTo(variables);
        List<String> command = new ArrayList<>(List.of("env"));
        variables.forEach((name, value) -> command.add(name + "=" + value));
        Path noJobDir = Path.of(System.getProperty("java.io.tmpdir")); // only a hostfile would need one
        command.addAll(mpi.launchCommand(jobEnv.launch(tasks, null, noJobDir)));
        return command;
    }

    /** The {@code name value} lines of a run's output (MPI's own messages may come between them). */
    static Map<String, Double> figures(String output) {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            Matcher m = FIGURE.matcher(line.strip());
            if (m.matches()) {
                figures.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return figures;
    }
}
