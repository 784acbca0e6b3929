package org.jckpt.engine.dmtcp;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jckpt.api.CheckpointException;
import org.jckpt.job.EngineType;
import org.jckpt.job.JobConfig;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Durable;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.FileTrees;
import org.jckpt.store.Retention;
import org.jckpt.store.SetFileException;
import org.jckpt.store.Layout;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;

/**
 * Turns the images of one DMTCP checkpoint into a jckpt set: each image moves (a rename, same
 * file system) to {@code <dir>/<name>.<task>.<tag>}, mpirun's to {@code <name>.mpirun.<tag>}, each
 * {@code _files} directory along with it; then the set file, listing every file with its size and
 * CRC-32C, is committed last; callers hold the staging lock. Settling comes after, off the
 * checkpoint's path: the images reach the disk (DMTCP does not sync them), and only then are older
 * sets pruned, so a crash before then still finds the previous set whole.
 */
public final class SetAssembler {
    private static final Logger LOG = System.getLogger(SetAssembler.class.getName());
    private static final Set<String> LAUNCHERS = Set.of("orterun", "mpirun", "mpiexec", "prterun");
    private static final Duration IMAGE_WAIT = Duration.ofMinutes(5);
    private static final Duration CALLBACK_TIMEOUT = Duration.ofMinutes(1);
    /**
     * Process images hold each process whole, its task count included: a DMTCP set restarts only
     * with the count that wrote it, and says so when asked for another.
     */
    private static final Map<String, String> TASK_BOUND = Map.of("DMTCP process images", Layout.LOCAL.label());

    private final ImageStaging staging;
    private final SetNaming naming;
    private final CheckpointSet.Program program;
    private final int tasks;
    private final int keep;

    public SetAssembler(ImageStaging staging, SetNaming naming, CheckpointSet.Program program, int tasks, int keep) {
        this.staging = staging;
        this.naming = naming;
        this.program = program;
        this.tasks = tasks;
        this.keep = keep;
    }

    /**
     * Commits the last checkpoint of {@code processes} processes as set {@code tag}, using the
     * checksums of images {@code followed} while written, once every task's callbacks succeeded
     * ({@code verdicts}); returns the set file.
     */
    public Path assemble(int tag, int processes, Map<String, FollowedImage> followed, CallbackVerdicts verdicts)
            throws IOException, InterruptedException {
        Placed placed = place(tag, processes, followed);
        String problem = verdicts.await(tasks, CALLBACK_TIMEOUT);
        if (!problem.isEmpty()) {
            discard(placed);
            throw new CheckpointException("DMTCP checkpoint not committed, the previous set is intact: " + problem);
        }
        return commit(placed);
    }

    /** A set whose images are in place and checksummed, its set file not yet written. */
    public record Placed(Path setFile, CheckpointSet set, List<PlacedImage> images) {
    }

    /** Moves the last checkpoint's images into the checkpoint directory as set {@code tag}, uncommitted. */
    public Placed place(int tag, int processes, Map<String, FollowedImage> followed)
            throws IOException, InterruptedException {
        List<Path> images = staging.awaitImages(processes, IMAGE_WAIT);
        Map<String, ImageStaging.TaskRecord> byPid = staging.tasks();
        Map<Path, FollowedImage> checksummed = new HashMap<>();
        List<PlacedImage> placed = place(images, byPid, tag, followed, checksummed);
        long generation = ImageHeader.generation(placed.get(0).image());
        CheckpointSet set = new CheckpointSet(SetFiles.FORMAT, EngineType.DMTCP.id(), programOfThisRun(), tasks, hosts(byPid), tag,
                Instant.now().toString(), Checksummer.entries(placed, checksummed, naming.dir()), engineInfo(placed, generation),
                TASK_BOUND);
        return new Placed(naming.setFile(tag), set, placed);
    }

    /** The program with this run's count of automatic restarts, which a restored task's memory does not know. */
    private CheckpointSet.Program programOfThisRun() throws IOException {
        OptionalInt restarts = staging.restarts();
        if (restarts.isEmpty()) {
            return program;
        }
        return new CheckpointSet.Program(program.mainClass(), program.args(), program.classPath(),
                RecordedOptions.of(program).withRestarts(restarts.getAsInt()).toMap());
    }

    public Path commit(Placed placed) throws IOException {
        SetFiles.commit(placed.setFile(), placed.set(), staging.modes());
        return placed.setFile();
    }

    /** Removes the images of a set that will not commit. */
    public void discard(Placed placed) throws IOException {
        for (PlacedImage image : placed.images()) {
            FileTrees.delete(image.image());
            if (image.filesDir() != null) {
                FileTrees.delete(image.filesDir());
            }
        }
    }

    /** After set {@code tag} committed: its files reach the disk, then older sets go. Failures are said, not thrown. */
    public void settle(int tag) {
        Path setFile = naming.setFile(tag);
        try {
            Durable.syncFiles(naming.dir(), SetFiles.read(setFile).files().stream().map(CheckpointSet.FileEntry::file).toList());
            Retention.prune(naming, tag, keep);
        } catch (IOException | SetFileException e) {
            LOG.log(Logger.Level.WARNING, "set " + setFile + " committed, but syncing it or removing old sets failed: "
                    + e.getMessage() + "; older sets are kept");
        }
    }

    /** The tag of the next set: above every tag present, committed or not. */
    public int nextTag() throws IOException {
        var tags = naming.allTags(false);
        return tags.isEmpty() ? 0 : tags.last() + 1;
    }

    private List<PlacedImage> place(List<Path> images, Map<String, ImageStaging.TaskRecord> byPid, int tag,
                                    Map<String, FollowedImage> followed, Map<Path, FollowedImage> checksummed)
            throws IOException {
        List<PlacedImage> placed = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path image : images) {
            String pid = ImageStaging.uniquePidOf(image);
            ImageStaging.TaskRecord task = byPid.get(pid);
            String label = task != null ? Integer.toString(task.task()) : launcherLabel(image, labels);
            labels.add(label);
            FollowedImage crc = FollowedImage.matching(followed, image);
            PlacedImage p = PlacedImage.move(image, naming, label, tag, pid, staging.modes());
            placed.add(p);
            if (crc != null) {
                checksummed.put(p.image(), crc);
            }
        }
        for (int t = 0; t < tasks; t++) {
            if (!labels.contains(Integer.toString(t))) {
                throw new IOException("no DMTCP image of task " + t + " in " + staging.dir());
            }
        }
        return placed;
    }

    /** mpirun's image is "mpirun"; any other process that is not a task goes by its program's name. */
    private static String launcherLabel(Path image, List<String> taken) {
        String program = ImageStaging.programOf(image);
        String base = LAUNCHERS.contains(program) ? SetNaming.LAUNCHER_TASK : program.replaceAll("[^A-Za-z0-9_-]", "_");
        String label = base;
        for (int i = 2; taken.contains(label); i++) {
            label = base + "-" + i;
        }
        return label;
    }

    private List<String> hosts(Map<String, ImageStaging.TaskRecord> byPid) {
        String[] hosts = new String[tasks];
        Arrays.fill(hosts, "");
        byPid.values().stream().filter(r -> r.task() < tasks).forEach(r -> hosts[r.task()] = r.host());
        return List.of(hosts);
    }

    /** What a restart needs besides the images: their DMTCP ids and where DMTCP expects their saved files. */
    private static Map<String, String> engineInfo(List<PlacedImage> placed, long generation) {
        Map<String, String> info = new TreeMap<>();
        info.put("generation", Long.toString(generation));
        for (PlacedImage p : placed) {
            info.put("pid." + p.label(), p.uniquePid());
            if (p.originalFilesDir() != null) {
                info.put("filesDir." + p.label(), p.originalFilesDir().toString());
            }
        }
        return info;
    }

    /** Files under {@code dir}, regular files only, sorted. */
    static List<Path> regularFilesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
