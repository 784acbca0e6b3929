package org.jckpt.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testng.SkipException;

/** Runs {@code bin/jckpt} as a user would, from the checkout the build ran in. */
final class Cli {
    static final Path HOME = Path.of(System.getProperty("jckpt.home", "../..")).toAbsolutePath().normalize();

    /** A finished command: exit status and what it printed. */
    record Result(int status, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A command still running, its output going to files. */
    record Running(Process process, Path out, Path err) {
        String errText() throws IOException {
            return Files.readString(err);
        }

        Result waitFor(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killWholeJob();
                throw new AssertionError("timed out after " + timeout + ": " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        /** SIGKILL to the launcher, mpirun and every task at once, as a node failure would. */
        void killWholeJob() throws InterruptedException {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle h : all) {
                h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
            }
        }
    }

    private Cli() {
    }

    static Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> env, String... args) throws Exception {
        return start(env, args).waitFor(Duration.ofMinutes(15)); // only catches a hang, on however slow a machine
    }

    static Running start(Map<String, String> env, String... args) throws IOException {
        return start(List.of(), env, args);
    }

    /** {@code bin/jckpt ARGS} run through {@code prefix}, e.g. a command that enters a test host. */
    static Running start(List<String> prefix, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(HOME.resolve("bin/jckpt").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.remove("MP_CKPTDIR");
        e.remove("MP_CKPTFILE");
        e.putAll(env);
        Path out = Files.createTempFile("jckpt-out", ".txt");
        Path err = Files.createTempFile("jckpt-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new Running(pb.start(), out, err);
    }

    /** Skips the calling test, naming what is missing, unless Open MPI with Java bindings is here. */
    static void requireOpenMpi() throws Exception {
        Result r = run("run", "--help");
        if (r.status() != 0) {
            throw new SkipException("bin/jckpt does not run: " + r.err());
        }
        if (System.getenv("OMPI_HOME") == null && findOnPath("mpirun").isEmpty()) {
            throw new SkipException("Open MPI is not installed (no mpirun on PATH); run ci/setup.sh");
        }
    }

    /** Skips the calling test unless MPICH (its Hydra) and jckpt's binding built for it are here. */
    static void requireMpich() {
        Path mpiexec = findOnPath("mpiexec.hydra").or(() -> findOnPath("mpiexec.mpich"))
                .orElseThrow(() -> new SkipException("MPICH is not installed (no mpiexec.hydra on PATH); run ci/setup.sh"));
        for (Path p : List.of(HOME.resolve("java/mpi/target/jckpt-mpi.jar"), HOME.resolve("build/native-mpich/libjckpt_mpi.so"))) {
            if (!Files.isRegularFile(p)) {
                throw new SkipException("jckpt's MPI binding for MPICH (" + mpiexec + ") is not built: no " + p + "; run ci/setup.sh");
            }
        }
    }

    /**
     * Whether the tests' jobs run on MPICH: JCKPT_MPI, as ci/test-mpi-matrix.sh sets it for every
     * {@code bin/jckpt} the tests start; else they run on Open MPI, as jckpt's auto chooses here.
     */
    static boolean onMpich() {
        return "mpich".equalsIgnoreCase(System.getenv("JCKPT_MPI"));
    }

    /**
     * The cause jckpt gives for a run whose task {@code task} was SIGKILLed, as a pattern. Open MPI's
     * mpirun names the task and its signal. Hydra's report (on stdout, passed on) names only the
     * signal, and Hydra 4.2 at times exits 0 and silent after the kill (a race in it): then jckpt's
     * own cause, from the tasks' connections to its coordinator.
     */
    static String killedTaskCause(Result run, int task) {
        if (!run.err().contains("jckpt: MPI: MPICH")) {
            return "task " + task + " on \\S+ killed by signal 9 \\(Killed\\)";
        }
        return run.out().contains("BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES") ? "a task killed by signal 9 \\(Killed\\)"
                : "task \\d ended without closing jckpt \\(killed or crashed\\), though mpiexec\\.\\w+ exited with status 0";
    }

    /** Skips the calling test where the tests' jobs run on MPICH, saying {@code why} it is Open MPI's only. */
    static void skipOnMpich(String why) {
        if (onMpich()) {
            throw new SkipException("not on MPICH (JCKPT_MPI=mpich): " + why);
        }
    }

    /** Runs {@code ci/SCRIPT} that starts a batch system; skips the calling test with its first line where it cannot. */
    static void startOrSkip(String script, String batchSystem) throws Exception {
        Process p = new ProcessBuilder(HOME.resolve("ci").resolve(script).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            String said = script.replace(".sh", ":");
            throw new SkipException(batchSystem + " could not be started here: "
                    + out.lines().filter(l -> l.startsWith(said)).findFirst().orElse(out.strip().lines().findFirst().orElse("")));
        }
    }

    /** Skips the calling test unless DMTCP is here (DMTCP_HOME, or dmtcp_launch on PATH). */
    static void requireDmtcp() {
        String home = System.getenv("DMTCP_HOME");
        if ((home == null || home.isEmpty()) && findOnPath("dmtcp_launch").isEmpty()) {
            throw new SkipException("DMTCP is not installed (no dmtcp_launch on PATH and DMTCP_HOME unset)");
        }
    }

    /** A command's path on this machine's PATH. */
    static Path onPath(String command) {
        return findOnPath(command).orElseThrow(() -> new SkipException(command + " is not installed"));
    }

    static Optional<Path> findOnPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, command)).filter(Files::isExecutable).findFirst();
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
