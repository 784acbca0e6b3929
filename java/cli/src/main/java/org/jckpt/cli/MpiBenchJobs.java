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
import org.jckpt.launch.LaunchException;
import org.jckpt.launch.MpiBinding;
import org.jckpt.launch.OpenMpi;
import org.jckpt.system.ExternalCommand;

/**
 * What bench-mpi runs, each run its own MPI job: the C reference (build/native/jckpt_mpi_bench) and
 * org.jckpt.examples.MpiBench with jckpt's binding and, where Open MPI has one, with Open MPI's own.
 */
final class MpiBenchJobs {
    private static final Pattern FIGURE = Pattern.compile("(\\w+) (\\d+(\\.\\d+)?)");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final String JAVA_PROGRAM = "org.jckpt.examples.MpiBench";

    /** A binding's benchmark program: its command after mpirun's, without the mode. */
    record Program(String binding, List<String> command) {
    }

    private final OpenMpi mpi;
    private final List<Program> programs;
    private final String openMpisBinding;

    private MpiBenchJobs(OpenMpi mpi, List<Program> programs, String openMpisBinding) {
        this.mpi = mpi;
        this.programs = programs;
        this.openMpisBinding = openMpisBinding;
    }

    /** The programs, C's and jckpt's binding's required, Open MPI's binding's where present. */
    static MpiBenchJobs locate(Map<String, String> env, Path home) throws LaunchException {
        Path examples = required(home.resolve("examples/target/jckpt-examples.jar"), "mvn package");
        Path c = required(home.resolve("build/native/jckpt_mpi_bench"), "cmake --build build/native");
        Path jckptJar = required(home.resolve("java/mpi/target/jckpt-mpi.jar"), "mvn package");
        Path jckptLibrary = required(home.resolve("build/native/libjckpt_mpi.so"), "cmake --build build/native");
        List<Program> programs = new ArrayList<>();
        programs.add(new Program("c", List.of(c.toString())));
        programs.add(java("jckpt", examples, jckptJar, jckptLibrary.getParent()));
        OpenMpi openMpi = OpenMpi.locate(env, home);
        try {
            MpiBinding own = openMpi.ownBinding();
            programs.add(java("openmpi", examples, own.jar(), own.libraryDir()));
            return new MpiBenchJobs(openMpi, programs, openMpi.describe() + ", " + own.jar());
        } catch (LaunchException e) {
            return new MpiBenchJobs(openMpi, programs, "absent: " + e.getMessage()); // no Open MPI figures
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

    /** Where Open MPI's own binding came from, or why it is absent. */
    String openMpisBinding() {
        return openMpisBinding;
    }

    Path mpirun() {
        return mpi.mpirun();
    }

    /** One run of a program's mode on {@code tasks} tasks: its task 0's figures, by unprefixed name. */
    Map<String, Double> run(Program program, String mode, int tasks, boolean quick) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(mpirunCommand(tasks));
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
     * Open MPI's mpirun for a job of {@code tasks}, as jckpt's launcher starts one on this host; the one place
     * that knows how to start an MPI job (MPICH's would go here). A job that fits binds each task to a core
     * of its own, as a benchmark should; more tasks than cores run unbound, yielding when idle.
     */
    private List<String> mpirunCommand(int tasks) {
        List<String> command = new ArrayList<>(List.of("env"));
        mpi.rootEnvironment().forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of(mpi.mpirun().toString(), "-np", Integer.toString(tasks), "--oversubscribe"));
        if (tasks <= Runtime.getRuntime().availableProcessors()) {
            command.addAll(List.of("--bind-to", "core", "--map-by", "core"));
        } else {
            command.addAll(List.of("--bind-to", "none", "--mca", "mpi_yield_when_idle", "1"));
        }
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
