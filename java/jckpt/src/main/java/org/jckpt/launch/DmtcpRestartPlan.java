package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.engine.dmtcp.ImageStaging;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;

/**
 * What {@code dmtcp_restart} of a set needs: its images, mpirun's first, linked under names ending
 * in {@code .dmtcp} in the new run's staging directory; the tasks' DMTCP ids in
 * the new run's staging directory (so that the restarted job's checkpoints are named by task);
 * and DMTCP's saved open files reachable where the images expect them. DMTCP recorded absolute
 * paths into the old run's staging directory; a symbolic link there points to the set's copy
 * for as long as the restarted job runs. The restarted job writes to its own staging directory.
 */
final class DmtcpRestartPlan implements AutoCloseable {
    private final List<Path> images = new ArrayList<>();
    private final List<Path> links = new ArrayList<>();

    static DmtcpRestartPlan prepare(Path setFile, ImageStaging staging) throws IOException, LaunchException {
        CheckpointSet set;
        try {
            set = SetFiles.read(setFile);
        } catch (SetFileException e) {
            throw new LaunchException(e.getMessage());
        }
        DmtcpRestartPlan plan = new DmtcpRestartPlan();
        Path dir = setFile.toAbsolutePath().getParent();
        SetNaming naming = SetNaming.ofSetFile(setFile);
        Map<String, String> info = set.engineInfo();
        try {
            for (CheckpointSet.FileEntry f : set.files()) {
                if (!f.file().contains("/")) {
                    plan.addImage(dir.resolve(f.file()), f.task(), staging);
                    plan.linkFiles(info.get("filesDir." + f.task()), dir.resolve(f.file() + ImageStaging.FILES_SUFFIX));
                }
            }
            for (int t = 0; t < set.tasks(); t++) {
                staging.recordTask(new ImageStaging.TaskRecord(t, info.get("pid." + t), set.hosts().get(t)));
            }
        } catch (IOException | LaunchException e) {
            plan.close();
            throw e;
        }
        return plan;
    }

    /** dmtcp_restart wants names ending in .dmtcp: a link in the new staging directory gives one. */
    private void addImage(Path setImage, String task, ImageStaging staging) throws IOException {
        Path image = staging.dir().resolve("restart." + task + ".dmtcp");
        Files.createSymbolicLink(image, setImage);
        if (task.equals(SetNaming.LAUNCHER_TASK)) {
            images.add(0, image);
        } else {
            images.add(image);
        }
    }

    private void linkFiles(String original, Path saved) throws IOException, LaunchException {
        if (original == null || !Files.isDirectory(saved)) {
            return;
        }
        removeStaleSessionFiles(saved);
        Path link = Path.of(original);
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isSymbolicLink(link)) {
                throw new LaunchException("cannot restart: " + link + " exists, and DMTCP would read saved files from it"
                        + " instead of from " + saved + "; is the job that wrote this set still running?");
            }
            Files.delete(link);
        }
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, saved);
        links.add(link);
    }

    /**
     * Removes the shared-memory and session files a killed job left where the saved copies are to
     * be restored (e.g. Open MPI's /dev/shm/vader_segment.*): DMTCP would otherwise map those,
     * written after the checkpoint, instead of the saved copies, and the restarted tasks hang.
     * Every job under DMTCP gets the same virtual pid for mpirun, so the names are the same.
     * {@code fd-info.txt} lists {@code saved-name:original-path} per saved file.
     */
    private static void removeStaleSessionFiles(Path saved) throws IOException {
        Path index = saved.resolve("fd-info.txt");
        if (!Files.isRegularFile(index)) {
            return;
        }
        for (String line : Files.readAllLines(index)) {
            int colon = line.indexOf(':');
            String original = colon < 0 ? "" : line.substring(colon + 1);
            if (original.startsWith("/dev/shm/") || original.contains("/ompi.")) {
                Files.deleteIfExists(Path.of(original));
            }
        }
    }

    List<Path> images() {
        return images;
    }

    /** Removes the links, and the old staging directories they leave empty. */
    @Override
    public void close() {
        for (Path link : links) {
            try {
                Files.deleteIfExists(link);
                Files.deleteIfExists(link.getParent());
            } catch (IOException ignored) {
                // A non-empty old staging directory stays; it is hidden and harmless.
            }
        }
    }
}
