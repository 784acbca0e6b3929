package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jckpt.store.IoErrors;

/** Checks at launch, not hours later, that checkpoints can be written where they will go. */
public final class CheckpointDirectory {
    private CheckpointDirectory() {
    }

    public static void requireWritable(Path dir) throws LaunchException {
        if (!Files.exists(dir)) {
            throw new LaunchException("checkpoint directory " + dir + " does not exist; create it or choose another with --ckpt-dir");
        }
        if (!Files.isDirectory(dir)) {
            throw new LaunchException("checkpoint directory " + dir + " is not a directory");
        }
        try {
            // A real write: permission bits do not stop root, a read-only mount does.
            Path probe = Files.createTempFile(dir, ".jckpt-probe", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new LaunchException("checkpoint directory " + dir + " is not writable (" + IoErrors.describe(e) + ")");
        }
    }
}
