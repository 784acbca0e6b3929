package org.jckpt.launch.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.engine.dmtcp.ImageStaging;
import org.jckpt.launch.LaunchException;
import org.jckpt.launch.RemoteShell;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
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
 * Every process restarts on one host, this one or another reached through {@code shell}.
 */
final class DmtcpRestartPlan implements AutoCloseable {
    private final List<Path> images = new ArrayList<>();
    private final List<Path> links = new ArrayList<>();
    private final String host;
    private final RemoteShell shell;

    private DmtcpRestartPlan(String host, RemoteShell shell) {
        this.host = host;
        this.shell = shell;
    }

    /** A restart of {@code setFile} on {@code host}: this host when {@code shell} is null. */
    static DmtcpRestartPlan prepare(Path setFile, ImageStaging staging, String host, RemoteShell shell)
            throws IOException, LaunchException {
        CheckpointSet set;
        try {
            set = SetFiles.read(setFile);
        } catch (SetFileException e) {
            throw new LaunchException(e.getMessage());
        }
        DmtcpRestartPlan plan = new DmtcpRestartPlan(host, shell);
        Path dir = setFile.toAbsolutePath().getParent();
        SetNaming naming = SetNaming.ofSetFile(setFile);
        Map<String, String> info = set.engineInfo();
        try {
            for (CheckpointSet.FileEntry f : set.files()) {
                if (!f.file().contains("/")) {
                    plan.addImage(dir.resolve(f.file()), f.task(), staging);
                    plan.linkFiles(info.get("filesDir." + f.task()), dir.resolve(f.file() + ImageStaging.FILES_SUFFIX),
                            staging.modes());
                }
            }
            for (int t = 0; t < set.tasks(); t++) {
                staging.recordTask(new ImageStaging.TaskRecord(t, info.get("pid." + t), host));
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

    private void linkFiles(String original, Path saved, FileModes modes) throws IOException, LaunchException {
        if (original == null || !Files.isDirectory(saved)) {
            return;
        }
        for (SavedFile f : SavedFile.listed(saved)) {
            if (f.isSessionFile()) {
                Files.deleteIfExists(f.original());
            } else {
                f.requireUnchanged();
            }
        }
        Path link = Path.of(original);
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isSymbolicLink(link)) {
                throw new LaunchException("cannot restart: " + link + " exists, and DMTCP would read saved files from it"
                        + " instead of from " + saved + "; is the job that wrote this set still running?");
            }
            Files.delete(link);
        }
        modes.createDirectories(link.getParent());
        Files.createSymbolicLink(link, saved);
        links.add(link);
    }

    List<Path> images() {
        return images;
    }

    /** {@code dmtcpRestart} as run on the restart's host. */
    List<String> onHost(List<String> dmtcpRestart) {
        return shell == null ? dmtcpRestart : shell.command(host, dmtcpRestart);
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
