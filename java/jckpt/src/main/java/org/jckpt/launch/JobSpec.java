package org.jckpt.launch;

import java.nio.file.Path;
import java.util.List;
import org.jckpt.store.FileModes;

/**
 * A job to launch, from {@code jckpt run} or rebuilt from a set file by {@code jckpt restart}.
 *
 * @param tasks      MPI task count
 * @param hostfile   mpirun's hostfile, or null for this host
 * @param classPath  the user's class path entries (besides jckpt's own and mpi.jar)
 * @param engine     checkpoint engine, "app" or "dmtcp"
 * @param ckptDir    checkpoint directory (MP_CKPTDIR), or null for the current one
 * @param ckptFile   checkpoint base name (MP_CKPTFILE), or null for the main class's name
 * @param every      --ckpt-every: K calls or a duration, or null
 * @param keep       committed sets to keep
 * @param mainClass  the program
 * @param args       its arguments
 * @param restartSet set file to restart from, or null
 * @param gzip       DMTCP engine: compress images (slower; off by default)
 * @param groupRead  {@code --ckpt-group-read}: the job's files are readable by the group, too
 */
public record JobSpec(int tasks, Path hostfile, List<String> classPath, String engine, String ckptDir,
                      String ckptFile, String every, int keep, String mainClass, List<String> args,
                      Path restartSet, boolean gzip, boolean groupRead) {

    /** The same job, restarting from {@code setFile}. */
    public JobSpec withRestartSet(Path setFile) {
        return new JobSpec(tasks, hostfile, classPath, engine, ckptDir, ckptFile, every, keep, mainClass, args, setFile, gzip,
                groupRead);
    }

    public FileModes modes() {
        return new FileModes(groupRead);
    }
}
