package org.jckpt.launch.dmtcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.jckpt.engine.dmtcp.ImageStaging;
import org.jckpt.store.FileTrees;

/**
 * What a DMTCP run leaves when its launcher is SIGKILLed: its coordinator, still running, and its
 * hidden staging directory. Each run records its launcher and coordinator there; the next run of
 * the same checkpoint name stops the coordinators and removes the directories of runs whose
 * launcher is gone. Runs whose launcher still runs are left alone.
 */
final class DmtcpLeftovers {
    static final String LAUNCHER_FILE = "launcher";
    static final String COORDINATOR_FILE = "coordinator.pid";

    private DmtcpLeftovers() {
    }

    /** Records this launcher (pid and start time: a pid alone may be reused) in the run's staging directory. */
    static void recordLauncher(ImageStaging run) throws IOException {
        run.modes().write(run.dir().resolve(LAUNCHER_FILE), identity(ProcessHandle.current()).getBytes(StandardCharsets.UTF_8));
    }

    static void recordCoordinator(ImageStaging run, long pid) throws IOException {
        run.modes().write(run.dir().resolve(COORDINATOR_FILE), Long.toString(pid).getBytes(StandardCharsets.UTF_8));
    }

    /** Cleans up after every dead run under {@code stagingRoot} ({@code <dir>/.<name>.dmtcp}). */
    static void clean(Path stagingRoot) throws IOException {
        if (!Files.isDirectory(stagingRoot)) {
            return;
        }
        try (Stream<Path> runs = Files.list(stagingRoot)) {
            for (Path run : (Iterable<Path>) runs.filter(Files::isDirectory)::iterator) {
                if (!launcherAlive(run)) {
                    stopCoordinator(run);
                    FileTrees.delete(run);
                    System.err.println("jckpt: removed the leftovers of DMTCP run " + run.getFileName() + " (its launcher is gone)");
                }
            }
        }
    }

    private static String identity(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(Object::toString).orElse("?");
    }

    /** A run without a launcher record is a restart's link directory, or from an older jckpt: dead too. */
    private static boolean launcherAlive(Path run) throws IOException {
        Path f = run.resolve(LAUNCHER_FILE);
        if (!Files.isRegularFile(f)) {
            return false;
        }
        String recorded = Files.readString(f, StandardCharsets.UTF_8).trim();
        long pid = Long.parseLong(recorded.split(" ")[0]);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(DmtcpLeftovers::identity)
                .filter(recorded::equals).isPresent();
    }

    /** Stops the run's coordinator, if that pid still is a dmtcp_coordinator working for this run. */
    private static void stopCoordinator(Path run) throws IOException {
        Path f = run.resolve(COORDINATOR_FILE);
        if (!Files.isRegularFile(f)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(f, StandardCharsets.UTF_8).trim());
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isPresent() && commandLine(pid).contains("dmtcp_coordinator") && commandLine(pid).contains(run.toString())) {
            p.get().destroy();
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // Gone meanwhile.
        }
    }
}
