package org.jckpt.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jckpt.store.FileModes;
import org.jckpt.store.Levels;

/**
 * What the launcher tells each task, through the environment that {@code mpirun -x} passes on.
 * A task started by plain {@code mpirun} (no launcher) gets the defaults and PE's variables.
 *
 * @param engine          the checkpoint engine
 * @param ckptDir         {@code MP_CKPTDIR}; null for the current directory
 * @param ckptFile        {@code MP_CKPTFILE}; null for the main class's simple name
 * @param keep            committed sets to keep
 * @param every           {@code --ckpt-every}: K (calls of {@code needCheckpoint()}) or a duration such as 30s; null for never
 * @param control         the launcher's coordinator, {@code host:port}; null without a launcher
 * @param token           secret a task shows the coordinator
 * @param jobId           the launcher's job id
 * @param restartSet      set file to restart from; null for a fresh start
 * @param restartVerified whether the launcher has verified every checksum of {@code restartSet}, so the tasks need not
 * @param restartLocal    whether {@code restartSet} is on the node-local level: each task's node has its own of that
 *                        set file, and the tasks make the set whole there first (partner copies, other nodes)
 * @param classPath       the user's extra class path, recorded for restarts
 * @param progress        whether task 0 shows long reads and writes (the launcher is on a terminal)
 * @param groupRead       {@code --ckpt-group-read}: the job's files are readable by the group, too
 * @param restarts        automatic restarts of the job before this run, recorded in its sets
 * @param levels          the node-local level and the flush to the global directory
 * @param mpi             the MPI the launcher runs the job on, e.g. "MPICH 4.0.2 (mpiexec.hydra)", recorded in its sets
 * @param bindings        the {@code mpi.*} binding the tasks load ("openmpi" or "jckpt"), recorded in its sets
 */
public record JobConfig(EngineType engine, String ckptDir, String ckptFile, int keep, String every,
                        String control, String token, String jobId, String restartSet, boolean restartVerified,
                        boolean restartLocal, String classPath, boolean progress, boolean groupRead, int restarts, Levels levels,
                        String mpi, String bindings) {

    public static JobConfig fromEnvironment(Map<String, String> env) {
        return builder()
                .engine(EngineType.of(env.getOrDefault("JCKPT_ENGINE", EngineType.APP.id())))
                .checkpoints(env.get("MP_CKPTDIR"), env.get("MP_CKPTFILE"))
                .keep(Integer.parseInt(env.getOrDefault("JCKPT_KEEP", "2")))
                .every(env.get("JCKPT_EVERY"))
                .control(env.get("JCKPT_CONTROL"), env.get("JCKPT_TOKEN"))
                .jobId(env.get("JCKPT_JOB"))
                .restart(env.get("JCKPT_RESTART"), "1".equals(env.get("JCKPT_RESTART_VERIFIED")),
                        "local".equals(env.get("JCKPT_RESTART_LEVEL")))
                .classPath(env.get("JCKPT_CLASSPATH"))
                .progress("1".equals(env.get("JCKPT_PROGRESS")))
                .groupRead("1".equals(env.get("JCKPT_GROUP_READ")))
                .restarts(Integer.parseInt(env.getOrDefault("JCKPT_RESTARTS", "0")))
                .levels(Levels.fromEnvironment(env))
                .platform(env.get("JCKPT_RECORD_MPI"), env.get("JCKPT_RECORD_BINDINGS"))
                .build();
    }

    /** The set file a task launched with {@code env} restarts from, before its configuration is read whole. */
    public static Optional<String> restartSetOf(Map<String, String> env) {
        return Optional.ofNullable(env.get("JCKPT_RESTART"));
    }

    /** The same settings, with tasks sent to the coordinator at {@code hostPort}. */
    public JobConfig withControl(String hostPort, String secret) {
        return toBuilder().control(hostPort, secret).build();
    }

    /** The modes of the files and directories the tasks create. */
    public FileModes modes() {
        return new FileModes(groupRead);
    }

    /** Calls of {@code needCheckpoint()} between checkpoints; 0 when none or when {@code every} is a duration. */
    public long everyCalls() {
        return every != null && every.matches("\\d+") ? Long.parseLong(every) : 0;
    }

    /** The environment that {@link #fromEnvironment} reads back; unset values are left out. */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JCKPT_ENGINE", engine.id());
        putIfSet(env, "MP_CKPTDIR", ckptDir);
        putIfSet(env, "MP_CKPTFILE", ckptFile);
        env.put("JCKPT_KEEP", Integer.toString(keep));
        putIfSet(env, "JCKPT_EVERY", every);
        putIfSet(env, "JCKPT_CONTROL", control);
        putIfSet(env, "JCKPT_TOKEN", token);
        putIfSet(env, "JCKPT_JOB", jobId);
        putIfSet(env, "JCKPT_RESTART", restartSet);
        putIfSet(env, "JCKPT_RESTART_VERIFIED", restartVerified ? "1" : null);
        putIfSet(env, "JCKPT_RESTART_LEVEL", restartLocal ? "local" : null);
        putIfSet(env, "JCKPT_CLASSPATH", classPath);
        putIfSet(env, "JCKPT_PROGRESS", progress ? "1" : null);
        putIfSet(env, "JCKPT_GROUP_READ", groupRead ? "1" : null);
        putIfSet(env, "JCKPT_RESTARTS", restarts > 0 ? Integer.toString(restarts) : null);
        // Not JCKPT_MPI and JCKPT_BINDINGS: a site sets those for the launcher, and its tasks get them too.
        putIfSet(env, "JCKPT_RECORD_MPI", mpi);
        putIfSet(env, "JCKPT_RECORD_BINDINGS", bindings);
        levels.toEnvironment(env);
        return env;
    }

    private static void putIfSet(Map<String, String> env, String key, String value) {
        if (value != null && !value.isEmpty()) {
            env.put(key, value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().engine(engine).checkpoints(ckptDir, ckptFile).keep(keep).every(every).control(control, token)
                .jobId(jobId).restart(restartSet, restartVerified, restartLocal).classPath(classPath).progress(progress).groupRead(groupRead)
                .restarts(restarts).levels(levels).platform(mpi, bindings);
    }

    /** Settings by name; what is not set keeps the default of a task started without a launcher. */
    public static final class Builder {
        private EngineType engine = EngineType.APP;
        private String ckptDir;
        private String ckptFile;
        private int keep = 2;
        private String every;
        private String control;
        private String token;
        private String jobId;
        private String restartSet;
        private boolean restartVerified;
        private boolean restartLocal;
        private String classPath;
        private boolean progress;
        private boolean groupRead;
        private int restarts;
        private Levels levels = Levels.DEFAULT;
        private String mpi;
        private String bindings;

        public Builder engine(EngineType e) {
            engine = e;
            return this;
        }

        public Builder checkpoints(String dir, String file) {
            ckptDir = dir;
            ckptFile = file;
            return this;
        }

        public Builder keep(int sets) {
            keep = sets;
            return this;
        }

        public Builder every(String schedule) {
            every = schedule;
            return this;
        }

        public Builder control(String hostPort, String secret) {
            control = hostPort;
            token = secret;
            return this;
        }

        public Builder jobId(String id) {
            jobId = id;
            return this;
        }

        public Builder restart(String setFile, boolean verified, boolean onLocalLevel) {
            restartSet = setFile;
            restartVerified = verified;
            restartLocal = onLocalLevel;
            return this;
        }

        public Builder classPath(String path) {
            classPath = path;
            return this;
        }

        public Builder progress(boolean shown) {
            progress = shown;
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

        public Builder platform(String launchedOn, String binding) {
            mpi = launchedOn;
            bindings = binding;
            return this;
        }

        public JobConfig build() {
            return new JobConfig(engine, ckptDir, ckptFile, keep, every, control, token, jobId, restartSet, restartVerified,
                    restartLocal, classPath, progress, groupRead, restarts, levels, mpi, bindings);
        }
    }
}
