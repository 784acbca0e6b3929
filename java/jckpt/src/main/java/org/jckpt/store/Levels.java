package org.jckpt.store;

import java.nio.file.Path;
import java.util.Map;
import org.jckpt.system.Hosts;

/**
 * Where a checkpoint's copies go: with {@code async}, the pause copies each task's state to the
 * node-local level under {@code localRoot} and a background flush takes it to the global directory,
 * compressed with {@code compress}; without, every task writes and syncs to the global directory
 * while the program waits (PE's behaviour).
 *
 * @param async     {@code --flush async} (the default) or {@code sync}
 * @param localRoot {@code --local-dir}: a tmpfs or a local disk on every node; {@value #HOST} in it
 *                  stands for the host's short name, for a path that is per host on a shared file system
 * @param localCap  {@code --local-cap}: bytes of a job's copies a node may hold; 0 for no cap beyond memory
 * @param compress  {@code --compress}: none, lz4, zstd[:LEVEL]
 * @param redundancy {@code --redundancy}: how the local level's sets survive the loss of a node
 * @param flushEvery {@code --flush-every}: every how many sets committed on the local level is flushed
 *                   to the global directory; 0 for none (the sets live on the local level only)
 */
public record Levels(boolean async, Path localRoot, long localCap, String compress, Redundancy redundancy, int flushEvery) {
    public static final Levels DEFAULT = new Levels(true, LocalLevel.DEFAULT_ROOT, 0, "none", Redundancy.NONE, 1);
    /** The host name's placeholder in {@code --local-dir}. */
    public static final String HOST = "%h";

    public static Levels fromEnvironment(Map<String, String> env) {
        return new Levels(!"sync".equals(env.get("JCKPT_FLUSH")),
                Path.of(env.getOrDefault("JCKPT_LOCAL_DIR", DEFAULT.localRoot().toString())),
                Long.parseLong(env.getOrDefault("JCKPT_LOCAL_CAP", "0")), env.getOrDefault("JCKPT_COMPRESS", "none"),
                Redundancy.parse(env.getOrDefault("JCKPT_REDUNDANCY", "none")),
                Integer.parseInt(env.getOrDefault("JCKPT_FLUSH_EVERY", "1")));
    }

    /** The same levels at the old defaults of redundancy (none) and flushes (every set). */
    public Levels(boolean async, Path localRoot, long localCap, String compress) {
        this(async, localRoot, localCap, compress, Redundancy.NONE, 1);
    }

    /** Whether each host has its local level in a directory of its own name ({@value #HOST}). */
    public boolean perHost() {
        return localRoot.toString().contains(HOST);
    }

    /** The local level's root on {@code host}. */
    public Path localRootOn(String host) {
        return Path.of(localRoot.toString().replace(HOST, Hosts.shortName(host)));
    }

    /** The local level's root on this host. */
    public Path localRootHere() {
        return localRootOn(Hosts.thisHost());
    }

    public void toEnvironment(Map<String, String> env) {
        env.put("JCKPT_FLUSH", async ? "async" : "sync");
        env.put("JCKPT_LOCAL_DIR", localRoot.toString());
        env.put("JCKPT_LOCAL_CAP", Long.toString(localCap));
        env.put("JCKPT_COMPRESS", compress);
        env.put("JCKPT_REDUNDANCY", redundancy.text());
        env.put("JCKPT_FLUSH_EVERY", Integer.toString(flushEvery));
    }
}
