package org.jckpt.engine.dmtcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;
import org.jckpt.store.SetNaming;

/**
 * The directory DMTCP writes a job's images to ({@code --ckptdir}), one per launched or restarted
 * run: {@code <dir>/.<name>.dmtcp/<run>/}. Besides DMTCP's {@code ckpt_<program>_<id>.dmtcp} images
 * (and their {@code _files} directories) it holds one {@code task.<n>} file per MPI task naming
 * that task's DMTCP id and host, so that images can be told apart, the run's count of automatic
 * restarts, and a lock file that serializes the checkpoints of a job. It has the job's directory mode ({@code modes}), which
 * keeps DMTCP's images private while they are written; they get their own mode as they move into
 * a set.
 */
public record ImageStaging(Path dir, FileModes modes) {
    private static final String IMAGE_PREFIX = "ckpt_";
    private static final String IMAGE_SUFFIX = ".dmtcp";
    public static final String FILES_SUFFIX = "_files";
    private static final String RESTARTS = "autoRestarts";

    /** One task's identity in DMTCP. */
    public record TaskRecord(int task, String uniquePid, String host) {
    }

    /** The staging directory of run {@code run} of the job named by {@code naming}. */
    public static ImageStaging of(SetNaming naming, String run, FileModes modes) {
        return new ImageStaging(naming.dir().resolve("." + naming.name() + ".dmtcp").resolve(run), modes);
    }

    public void create() throws IOException {
        modes.createDirectories(dir);
    }

    public void recordTask(TaskRecord r) throws IOException {
        Durable.writeAtomically(dir.resolve("task." + r.task()),
                (r.uniquePid() + "\t" + r.host()).getBytes(StandardCharsets.UTF_8), modes);
    }

    /**
     * Records how many automatic restarts ({@code --max-restarts}) came before this run. Sets record
     * the count; a task restored from an image holds in its memory the count of the run that wrote
     * the image, so whoever assembles a set reads it here.
     */
    public void recordRestarts(int restarts) throws IOException {
        Durable.writeAtomically(dir.resolve(RESTARTS), Integer.toString(restarts).getBytes(StandardCharsets.UTF_8), modes);
    }

    /** The count {@link #recordRestarts} recorded for this run; empty when none was. */
    public OptionalInt restarts() throws IOException {
        Path file = dir.resolve(RESTARTS);
        return Files.exists(file) ? OptionalInt.of(Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).strip()))
                : OptionalInt.empty();
    }

    /** The recorded tasks by DMTCP id. */
    public Map<String, TaskRecord> tasks() throws IOException {
        Map<String, TaskRecord> tasks = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.matches("task\\.\\d+")) {
                    String[] fields = Files.readString(f, StandardCharsets.UTF_8).split("\t", 2);
                    int task = Integer.parseInt(name.substring(5));
                    tasks.put(fields[0], new TaskRecord(task, fields[0], fields.length > 1 ? fields[1] : ""));
                }
            }
        }
        return tasks;
    }

    /** A held checkpoint lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the job's checkpoint lock: one checkpoint (and its set's assembly) at a time, whether
     * a task or the launcher asks. A directory, not a locked file: a lock is held across the
     * snapshot, and DMTCP would checkpoint and restore an open file descriptor.
     */
    public Held lock() throws IOException, InterruptedException {
        Path lock = dir.resolve("lock.d");
        while (true) {
            try {
                modes.createDirectory(lock);
                return () -> {
                    try {
                        Files.deleteIfExists(lock);
                    } catch (IOException ignored) {
                        // After a restart the old run's staging directory may be gone: nothing to release.
                    }
                };
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Thread.sleep(5);
            }
        }
    }

    /**
     * The images of the last checkpoint once {@code processes} of them are complete. DMTCP renames
     * each image from its {@code .temp} name after the checkpoint's last barrier, so a process that
     * resumes first may look before the others renamed theirs.
     */
    public List<Path> awaitImages(int processes, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Path> images = images();
            if (images.size() >= processes && !anyTemporary()) {
                return images;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + images.size() + " of " + processes + " DMTCP images appeared in " + dir);
            }
            Thread.sleep(5);
        }
    }

    List<Path> images() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> isImage(f.getFileName().toString())).sorted().toList();
        }
    }

    private boolean anyTemporary() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(IMAGE_SUFFIX + ".temp"));
        }
    }

    public static boolean isImage(String file) {
        return file.startsWith(IMAGE_PREFIX) && file.endsWith(IMAGE_SUFFIX);
    }

    /** The DMTCP id in an image's name {@code ckpt_<program>_<id>.dmtcp}. */
    public static String uniquePidOf(Path image) {
        String f = image.getFileName().toString();
        return f.substring(f.lastIndexOf('_') + 1, f.length() - IMAGE_SUFFIX.length());
    }

    /** The program in an image's name. */
    static String programOf(Path image) {
        String f = image.getFileName().toString();
        return f.substring(IMAGE_PREFIX.length(), f.lastIndexOf('_'));
    }

    /** DMTCP's directory of saved open files next to {@code image}. */
    public static Path filesDirOf(Path image) {
        String f = image.getFileName().toString();
        return image.resolveSibling(f.substring(0, f.length() - IMAGE_SUFFIX.length()) + FILES_SUFFIX);
    }
}
