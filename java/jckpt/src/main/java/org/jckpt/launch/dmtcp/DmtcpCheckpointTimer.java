package org.jckpt.launch.dmtcp;

import java.io.IOException;
import java.nio.file.Path;
import org.jckpt.launch.LaunchEngine;

/**
 * Times checkpoints of one running DMTCP job, for {@code jckpt bench-dmtcp}: jckpt's
 * system-initiated checkpoint (as {@code jckpt checkpoint} takes it: DMTCP's checkpoint with the
 * images checksummed as they are written, then moved into a set and committed) next to {@code dmtcp_command -bc} alone
 * against the same coordinator.
 */
public final class DmtcpCheckpointTimer {
    private final DmtcpLaunchEngine engine;

    /** A jckpt checkpoint's duration, DMTCP's share of it, and the set it committed. */
    public record Timed(long nanos, long snapshotNanos, Path setFile) {
    }

    public DmtcpCheckpointTimer(LaunchEngine engine) {
        if (!(engine instanceof DmtcpLaunchEngine d)) {
            throw new IllegalArgumentException("not a DMTCP job: " + engine.getClass().getSimpleName());
        }
        this.engine = d;
    }

    /** Returns once every task runs under DMTCP. */
    public void awaitEveryTask() throws IOException, InterruptedException {
        engine.awaitEveryTask();
    }

    /** {@code dmtcp_command -bc} alone; its images are discarded afterwards, untimed. */
    public long plainNanos() throws IOException, InterruptedException {
        return engine.plainCheckpointNanos();
    }

    /** A jckpt checkpoint, timed once the job's checkpoint lock is held (as the plain one is). */
    public Timed jckpt() throws IOException, InterruptedException {
        DmtcpLaunchEngine.TakenSet t = engine.takeSet();
        return new Timed(t.nanos(), t.snapshotNanos(), t.setFile());
    }
}
