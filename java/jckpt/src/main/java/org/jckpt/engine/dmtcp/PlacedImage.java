package org.jckpt.engine.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jckpt.store.FileModes;
import org.jckpt.store.SetNaming;

/**
 * One process image moved into a set: its new path, its {@code _files} directory (or null) and the
 * path DMTCP recorded for that directory, which a restart must make reachable again.
 */
record PlacedImage(String label, String uniquePid, Path image, Path filesDir, Path originalFilesDir) {

    /**
     * Moves {@code staged} into the set. DMTCP created the image and its saved files with modes of
     * its own: they get the job's while still in the private staging directory.
     */
    static PlacedImage move(Path staged, SetNaming naming, String label, int tag, String uniquePid, FileModes modes)
            throws IOException {
        Path image = naming.dir().resolve(naming.name() + "." + label + "." + tag);
        modes.restrict(staged);
        Files.move(staged, image, StandardCopyOption.ATOMIC_MOVE);
        Path stagedFiles = ImageStaging.filesDirOf(staged);
        if (!Files.isDirectory(stagedFiles)) {
            return new PlacedImage(label, uniquePid, image, null, null);
        }
        Path files = image.resolveSibling(image.getFileName() + ImageStaging.FILES_SUFFIX);
        modes.restrict(stagedFiles);
        Files.move(stagedFiles, files, StandardCopyOption.ATOMIC_MOVE);
        return new PlacedImage(label, uniquePid, image, files, stagedFiles.toAbsolutePath());
    }
}
