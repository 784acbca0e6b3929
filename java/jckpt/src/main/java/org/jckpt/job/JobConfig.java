package org.jckpt.job;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jckpt.store.FileModes;

/**
 * What the launcher tells each task, through the environment that {@code mpirun -x} passes on.
 * A task started by plain {@code mpirun} (no launcher) gets the defaults and PE's variables.
 *
 * @param engine     "app" or "dmtcp"
 * @param ckptDir    {@code MP_CKPTDIR}; null for the current directory
 * @param ckptFile   {@code MP_CKPTFILE}; null for the main class's simple name
 * @param keep       committed sets to keep
 * @param every      {@code --ckpt-every}: K (calls of {@code needCheckpoint()}) or a duration such as 30s; null for never
 * @param control    the launcher's coordinator, {@code host:port}; null without a launcher
 * @param token      secret a task shows the coordinator
 * @param jobId      the launcher's job id
 * @param restartSet set file to restart from; null for a fresh start
 * @param classPath  the user's extra class path, recorded for restarts
 * @param progress   whether task 0 shows long reads and writes (the launcher is on a terminal)
 * @param groupRead  {@code --ckpt-group-read}: the job's files are readable by the group, too
 */
public record JobConfig(String engine, String ckptDir, String ckptFile, int keep, String every,
                        String control, String token, String jobId, String restartSet, String classPath,
                        boolean progress, boolean groupRead) {

    public static final String APP = "app";
    public static final String DMTCP = "dmtcp";

    public static JobConfig fromEnvironment(Map<String, String> env) {
        return new JobConfig(
                env.getOrDefault("JCKPT_ENGINE", APP),
                env.get("MP_CKPTDIR"),
                env.get("MP_CKPTFILE"),
                Integer.parseInt(env.getOrDefault("JCKPT_KEEP", "2")),
                env.get("JCKPT_EVERY"),
                env.get("JCKPT_CONTROL"),
                env.get("JCKPT_TOKEN"),
                env.get("JCKPT_JOB"),
                env.get("JCKPT_RESTART"),
                env.get("JCKPT_CLASSPATH"),
                "1".equals(env.get("JCKPT_PROGRESS")),
                "1".equals(env.get("JCKPT_GROUP_READ")));
    }

    /** The same settings, with tasks sent to the coordinator at {@code hostPort}. */
    public JobConfig withControl(String hostPort, String secret) {
        return new JobConfig(engine, ckptDir, ckptFile, keep, every, hostPort, secret, jobId, restartSet, classPath, progress,
                groupRead);
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
        env.put("JCKPT_ENGINE", engine);
        putIfSet(env, "MP_CKPTDIR", ckptDir);
        putIfSet(env, "MP_CKPTFILE", ckptFile);
        env.put("JCKPT_KEEP", Integer.toString(keep));
        putIfSet(env, "JCKPT_EVERY", every);
        putIfSet(env, "JCKPT_CONTROL", control);
        putIfSet(env, "JCKPT_TOKEN", token);
        putIfSet(env, "JCKPT_JOB", jobId);
        putIfSet(env, "JCKPT_RESTART", restartSet);
        putIfSet(env, "JCKPT_CLASSPATH", classPath);
        putIfSet(env, "JCKPT_PROGRESS", progress ? "1" : null);
        putIfSet(env, "JCKPT_GROUP_READ", groupRead ? "1" : null);
        return env;
    }

    private static void putIfSet(Map<String, String> env, String key, String value) {
        if (value != null && !value.isEmpty()) {
            env.put(key, value);
        }
    }
}
