package org.jckpt.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where running jobs can be found by {@code jckpt checkpoint}: one private directory per job,
 * {@code <runtime>/jobs/<id>/}, holding the launcher's pid and its control socket.
 */
public final class JobRegistry {
    private final Path jobs;

    public JobRegistry(Map<String, String> env) {
        String base = env.get("JCKPT_RUNTIME_DIR");
        if (base == null || base.isEmpty()) {
            base = Path.of(System.getProperty("java.io.tmpdir"), "jckpt-" + System.getProperty("user.name")).toString();
        }
        this.jobs = Path.of(base, "jobs");
    }

    /** Creates the directory of a new job; only its owner can reach the socket inside. */
    public Path create(String id, long pid) throws IOException {
        Files.createDirectories(jobs);
        Path dir = jobs.resolve(id);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve("pid"), Long.toString(pid));
        return dir;
    }

    public static Path socket(Path jobDir) {
        return jobDir.resolve("control.sock");
    }

    /** The directory of a running job named by its id or its launcher's pid. */
    public Optional<Path> find(String idOrPid) throws IOException {
        Path byId = jobs.resolve(idOrPid);
        if (!idOrPid.contains("/") && Files.isDirectory(byId)) {
            return Optional.of(byId);
        }
        if (!Files.isDirectory(jobs)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jobs)) {
            return dirs.filter(d -> idOrPid.equals(readPid(d))).findFirst();
        }
    }

    private static String readPid(Path dir) {
        try {
            return Files.readString(dir.resolve("pid"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    public static void remove(Path jobDir) {
        try {
            Files.deleteIfExists(socket(jobDir));
            Files.deleteIfExists(jobDir.resolve("pid"));
            Files.deleteIfExists(jobDir);
        } catch (IOException ignored) {
            // A stale directory is skipped by find(): nothing listens on its socket.
        }
    }
}
