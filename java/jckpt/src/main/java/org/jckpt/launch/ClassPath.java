package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.jckpt.job.EngineType;

/** A task's class path: jckpt with its dependencies, the examples, mpi.jar and the user's entries. */
public final class ClassPath {
    private ClassPath() {
    }

    /**
     * Jars only the application-level engine's background flush uses (compression, JNA). A DMTCP
     * task leaves them out: every jar a task opens is one more file DMTCP checkpoints, and with
     * these on the class path DMTCP 5.0 failed to restart 4-task Heat ("signature mismatch", exit
     * 99) where it restarts it without them.
     */
    private static final List<String> FLUSH_ONLY = List.of("lz4-java-", "zstd-jni-", "jna-");

    public static List<Path> forTasks(Path jckptHome, Path mpiJar, List<String> user, EngineType engine)
            throws LaunchException {
        List<Path> entries = new ArrayList<>();
        Path lib = jckptHome.resolve("java/cli/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new LaunchException("jckpt is not built (no " + lib + "); run ci/setup.sh");
        }
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> engine == EngineType.APP || FLUSH_ONLY.stream().noneMatch(p.getFileName().toString()::startsWith))
                    .sorted().forEach(entries::add);
        } catch (IOException e) {
            throw new LaunchException("cannot read " + lib + ": " + e.getMessage());
        }
        Path examples = jckptHome.resolve("examples/target/jckpt-examples.jar");
        if (Files.isRegularFile(examples)) {
            entries.add(examples);
        }
        entries.add(mpiJar);
        for (String u : user) {
            for (String part : u.split(":")) {
                if (!part.isEmpty()) {
                    entries.add(Path.of(part).toAbsolutePath());
                }
            }
        }
        return entries;
    }

    /** Fails with one line unless some entry holds {@code mainClass}. */
    public static void requireClass(List<Path> entries, String mainClass) throws LaunchException {
        String resource = mainClass.replace('.', '/') + ".class";
        for (Path e : entries) {
            if (holds(e, resource)) {
                return;
            }
        }
        throw new LaunchException("main class " + mainClass + " not found on the class path; add its jar or directory with --cp");
    }

    private static boolean holds(Path entry, String resource) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(resource));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(entry.toFile())) {
            return zip.getEntry(resource) != null;
        } catch (IOException e) {
            return false;
        }
    }

    public static String join(List<Path> entries) {
        return String.join(":", entries.stream().map(Path::toString).toList());
    }
}
