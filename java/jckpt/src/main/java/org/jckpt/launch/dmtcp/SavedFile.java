package org.jckpt.launch.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jckpt.launch.LaunchException;

/**
 * A file DMTCP saved with a process image (listed in its {@code _files/fd-info.txt} as
 * {@code saved-name:original-path}), which a restart reopens at its original path.
 */
record SavedFile(Path saved, Path original) {

    static List<SavedFile> listed(Path filesDir) throws IOException {
        Path index = filesDir.resolve("fd-info.txt");
        List<SavedFile> files = new ArrayList<>();
        if (Files.isRegularFile(index)) {
            for (String line : Files.readAllLines(index)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    files.add(new SavedFile(filesDir.resolve(line.substring(0, colon)), Path.of(line.substring(colon + 1))));
                }
            }
        }
        return files;
    }

    /**
     * Open MPI's shared-memory and session files (e.g. /dev/shm/vader_segment.*; session
     * directories <tmpdir>/ompi.<host>.<uid>/ in 4.x, <tmpdir>/prterun.<host>.<pid>.<uid>/ in 5.x).
     * A killed job leaves them behind, written after the checkpoint, and DMTCP would map those
     * instead of the saved copies: the restarted tasks hang. Every job under DMTCP gets the same
     * virtual pid for mpirun, so the names are the same.
     */
    boolean isSessionFile() {
        String path = original.toString();
        return original.startsWith("/dev/shm/") || path.contains("/ompi.") || path.contains("/prterun.");
    }

    /**
     * DMTCP restores a saved copy only where no file is; a file there that differs (a jar rebuilt
     * since the checkpoint) makes the restarted process exit at once, and the job hang.
     */
    void requireUnchanged() throws IOException, LaunchException {
        if (Files.isRegularFile(original) && Files.mismatch(saved, original) != -1) {
            throw new LaunchException("cannot restart: " + original + " changed since the checkpoint, and DMTCP"
                    + " restores only the file as it was (saved in " + saved.getParent() + "); put it back, or remove"
                    + " it and the saved copy takes its place");
        }
    }
}
