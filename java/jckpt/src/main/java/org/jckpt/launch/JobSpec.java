package org.jckpt.launch;

import java.nio.file.Path;
import java.util.List;
import org.jckpt.job.EngineType;
import org.jckpt.store.FileModes;
import org.jckpt.store.Levels;

/**
 * A job to launch, from {@code jckpt run} or rebuilt from a set file by {@code jckpt restart};
 * made with {@link #builder()}.
 *
 * @param tasks      MPI task count
 * @param hostfile   mpirun's hostfile, or null for this host
 * @param classPath  the user's class path entries (besides jckpt's own and mpi.jar)
 * @param engine     checkpoint engine
 * @param ckptDir    checkpoint directory (MP_CKPTDIR), or null for the current one
 * @param ckptFile   checkpoint base name (MP_CKPTFILE), or null for the main class's name
 * @param every      --ckpt-every: K calls or a duration, or null
 * @param keep       committed sets to keep
 * @param mainClass  the program
 * @param args       its arguments
 * @param restartSet set file to restart from (chosen and verified by {@link RestartChoice}), or null
 * @param gzip       DMTCP engine: compress images (slower; off by default)
 * @param groupRead  {@code --ckpt-group-read}: the job's files are readable by the group, too
 * @param restarts   automatic restarts before this run ({@link AutoRestart}), recorded in the sets it writes
 * @param levels     app engine: the node-local level, the flush and its compression
 */
public record JobSpec(int tasks, Path hostfile, List<String> classPath, EngineType engine, String ckptDir,
                      String ckptFile, String every, int keep, String mainClass, List<String> args,
                      Path restartSet, boolean gzip, boolean groupRead, int restarts, Levels levels) {

    public FileModes modes() {
        return new FileModes(groupRead);
    }

    /** A job of {@code tasks} tasks running {@code mainClass args}; the rest has jckpt's defaults until set. */
    public static Builder builder(int tasks, String mainClass, List<String> args) {
        return new Builder(tasks, mainClass, args);
    }

    /** A builder holding this job's settings, to change some of them. */
    public Builder toBuilder() {
        return builder(tasks, mainClass, args).hostfile(hostfile).classPath(classPath).engine(engine)
                .checkpoints(ckptDir, ckptFile).every(every).keep(keep).restartFrom(restartSet).gzip(gzip)
                .groupRead(groupRead).restarts(restarts).levels(levels);
    }

    public static final class Builder {
        private int tasks;
        private final String mainClass;
        private final List<String> args;
        private Path hostfile;
        private List<String> classPath = List.of();
        private EngineType engine = EngineType.APP;
        private String ckptDir;
        private String ckptFile;
        private String every;
        private int keep = 2;
        private Path restartSet;
        private boolean gzip;
        private boolean groupRead;
        private int restarts;
        private Levels levels = Levels.DEFAULT;

        private Builder(int tasks, String mainClass, List<String> args) {
            this.tasks = tasks;
            this.mainClass = mainClass;
            this.args = args;
        }

        /** Another task count: a restart of a set whose state redistributes. */
        public Builder tasks(int count) {
            tasks = count;
            return this;
        }

        public Builder hostfile(Path file) {
            hostfile = file;
            return this;
        }

        public Builder classPath(List<String> entries) {
            classPath = entries;
            return this;
        }

        public Builder engine(EngineType e) {
            engine = e;
            return this;
        }

        public Builder checkpoints(String dir, String file) {
            ckptDir = dir;
            ckptFile = file;
            return this;
        }

        public Builder every(String schedule) {
            every = schedule;
            return this;
        }

        public Builder keep(int sets) {
            keep = sets;
            return this;
        }

        public Builder restartFrom(Path setFile) {
            restartSet = setFile;
            return this;
        }

        public Builder gzip(boolean compress) {
            gzip = compress;
            return this;
        }

        public Builder groupRead(boolean readable) {
            groupRead = readable;
            return this;
        }

        public Builder restarts(int count) {
            restarts = count;
            return this;
        }

        public Builder levels(Levels where) {
            levels = where;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(tasks, hostfile, classPath, engine, ckptDir, ckptFile, every, keep, mainClass, args,
                    restartSet, gzip, groupRead, restarts, levels);
        }
    }
}
