package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Times checkpoints of one running DMTCP job, for {@code jckpt bench-dmtcp}: jckpt's
 * system-initiated checkpoint (as {@code jckpt checkpoint} takes it: DMTCP's checkpoint, then the
 * images moved into a set, checksummed and committed) next to {@code dmtcp_command -bc} alone
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

    public Timed jckpt() throws IOException, InterruptedException {
        long[] snapshot = new long[1];
        long start = System.nanoTime();
        Path set = engine.takeSet(n -> snapshot[0] = n);
        return new Timed(System.nanoTime() - start, snapshot[0], set);
    }
}
