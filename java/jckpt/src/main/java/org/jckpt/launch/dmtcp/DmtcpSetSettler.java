package org.jckpt.launch.dmtcp;

import java.io.IOException;
import java.lang.System.Logger;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jckpt.engine.dmtcp.SetAssembler;
import org.jckpt.store.SetNaming;
import org.jckpt.system.DaemonThreads;

/**
 * Settles every set the job commits, whoever took it (a task or the launcher), in tag order: the
 * images reach the disk, then older sets go ({@link SetAssembler#settle}). It runs in the
 * launcher, outside DMTCP, so that no task keeps a thread of jckpt's through its snapshots and
 * a checkpoint returns as soon as its set is committed. Settling needs no checkpoint lock: it
 * touches only the settled set and older ones, which no checkpoint writes.
 */
final class DmtcpSetSettler implements AutoCloseable {
    private static final Logger LOG = System.getLogger(DmtcpSetSettler.class.getName());
    private static final long PERIOD_MILLIS = 200;

    private final SetNaming naming;
    private final SetAssembler assembler;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("jckpt-dmtcp-settle"));
    /** The newest tag settled, or committed before this run began. */
    private int settled;

    /** Starts settling sets newer than {@code newestBefore}, the newest committed before this run (or -1). */
    DmtcpSetSettler(SetNaming naming, SetAssembler assembler, int newestBefore) {
        this.naming = naming;
        this.assembler = assembler;
        this.settled = newestBefore;
        poller.scheduleWithFixedDelay(this::settleNew, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The newest committed tag, or -1. Sets of earlier runs are left as they are: a restart may be
     * reading one of them, whatever the retention count says.
     */
    static int newestTag(SetNaming naming) throws IOException {
        var tags = naming.setTags();
        return tags.isEmpty() ? -1 : tags.last();
    }

    private void settleNew() {
        try {
            for (int tag : naming.setTags().tailSet(settled, false)) {
                assembler.settle(tag);
                settled = tag;
            }
        } catch (IOException e) {
            LOG.log(Logger.Level.WARNING, "cannot list the sets in " + naming.dir() + ": " + e.getMessage());
        }
    }

    /** Settles what the job committed last: a job that ends right after a checkpoint still prunes. */
    @Override
    public void close() {
        poller.shutdown();
        try {
            poller.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        settleNew();
    }
}
