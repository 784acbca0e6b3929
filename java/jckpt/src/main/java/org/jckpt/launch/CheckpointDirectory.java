package org.jckpt.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
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

    /**
     * A directory other users can write to lets them remove or replace checkpoints (or, with the
     * sticky bit, block their names): worth a line, not a refusal, since the user chose it.
     */
    public static void warnIfOthersCanWrite(Path dir, PrintStream err) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            err.println("jckpt: warning: checkpoint directory " + dir + " is writable by other users ("
                    + PosixFilePermissions.toString(mode) + "): they can remove or replace its checkpoints; chmod o-w it"
                    + " or choose another with --ckpt-dir");
        }
    }
}
