package org.jckpt.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jckpt.store.FileModes;

/**
 * Where running jobs can be found by {@code jckpt checkpoint}: one private directory per job,
 * {@code <runtime>/jobs/<id>/}, holding the launcher's pid, the batch system's id of the job it
 * runs in (if any) and its control socket.
 */
public final class JobRegistry {
    private static final String PID = "pid";
    private static final String BATCH_JOB = "batch-job";
    private final Path jobs;

    public JobRegistry(Map<String, String> env) {
        String base = env.get("JCKPT_RUNTIME_DIR");
        if (base == null || base.isEmpty()) {
            base = Path.of(System.getProperty("java.io.tmpdir"), "jckpt-" + System.getProperty("user.name")).toString();
        }
        this.jobs = Path.of(base, "jobs");
    }

    /**
     * Creates the directory of a new job; only its owner can reach the socket inside, whatever
     * {@code --ckpt-group-read} says: the socket takes checkpoints and stops the job.
     */
    public Path create(String id, long pid, Optional<String> batchJob) throws IOException {
        FileModes.OWNER_ONLY.createDirectories(jobs);
        requireOwn(jobs.getParent());
        requireOwn(jobs);
        Path dir = FileModes.OWNER_ONLY.createDirectory(jobs.resolve(id));
        FileModes.OWNER_ONLY.write(dir.resolve(PID), Long.toString(pid).getBytes(StandardCharsets.UTF_8));
        if (batchJob.isPresent()) {
            FileModes.OWNER_ONLY.write(dir.resolve(BATCH_JOB), batchJob.get().getBytes(StandardCharsets.UTF_8));
        }
        return dir;
    }

    /**
     * A private directory for the files a launcher's runs of one job share (a hostfile without
     * the hosts that failed), {@code <runtime>/launcher-<pid>}; its creator deletes it.
     */
    public Path createLauncherDirectory(long pid) throws IOException {
        Path base = jobs.getParent();
        FileModes.OWNER_ONLY.createDirectories(base);
        requireOwn(base);
        return FileModes.OWNER_ONLY.createDirectories(base.resolve("launcher-" + pid));
    }

    /** A runtime directory of another user's (e.g. made in /tmp before the user's first job) could hide the job's socket. */
    private static void requireOwn(Path dir) throws IOException {
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if ((Integer) Files.getAttribute(dir, "unix:uid") != me) {
            throw new IOException("the runtime directory " + dir + " belongs to another user; set JCKPT_RUNTIME_DIR to one of yours");
        }
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
        return findBy(PID, idOrPid);
    }

    /** The directory of a running job that runs as the batch system's job {@code batchJob} (e.g. Grid Engine's $job_id). */
    public Optional<Path> findByBatchJob(String batchJob) throws IOException {
        return findBy(BATCH_JOB, batchJob);
    }

    private Optional<Path> findBy(String file, String value) throws IOException {
        if (!Files.isDirectory(jobs)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jobs)) {
            return dirs.filter(d -> value.equals(read(d.resolve(file)))).findFirst();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    public static void remove(Path jobDir) {
        try {
            Files.deleteIfExists(socket(jobDir));
            Files.deleteIfExists(jobDir.resolve(PID));
            Files.deleteIfExists(jobDir.resolve(BATCH_JOB));
            Files.deleteIfExists(jobDir);
        } catch (IOException ignored) {
            // A stale directory is skipped by find(): nothing listens on its socket.
        }
    }
}
