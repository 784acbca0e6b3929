package org.jckpt.engine.dmtcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jckpt.api.CheckpointException;
import org.jckpt.engine.Collective;
import org.jckpt.engine.Engine;
import org.jckpt.engine.ProgramInfo;
import org.jckpt.engine.TaskState;
import org.jckpt.job.JobConfig;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
import org.jckpt.store.SetNaming;

/**
 * The DMTCP engine: every process of the job (the JVMs and mpirun) is snapshotted whole by DMTCP;
 * jckpt names the images as a set. Registered state needs no saving: it is in the JVM's image.
 *
 * <p>Complete checkpoint: every task arrives in a gather to task 0, so task 0 leaves it last and
 * none of jckpt's messages is in flight; the other tasks then wait outside MPI, on their own DMTCP
 * counters, while task 0 calls {@code dmtcp_checkpoint()} and assembles the set; a broadcast
 * then tells everyone the outcome. Partial checkpoint: the asking task's jckpt thread calls
 * {@code dmtcp_checkpoint()}, which snapshots every process wherever it is.
 */
public final class DmtcpEngine implements Engine {
    private static final long EVENT_PERIOD_MILLIS = 50;

    private final Collective collective;
    private final TaskState state;
    private final SetNaming naming;
    private final CheckpointSet.Program program;
    private final int keep;
    private final FileModes modes;
    private final DmtcpEvents events;
    /** Partial checkpoints asked for and not yet committed (or failed): close waits for them. */
    private CompletableFuture<?> partials = CompletableFuture.completedFuture(null);

    public DmtcpEngine(Collective collective, JobConfig config, TaskState state, ProgramInfo program, String host) {
        Dmtcp.ensureAvailability();
        this.collective = collective;
        this.state = state;
        this.naming = SetNaming.resolve(config.ckptDir(), config.ckptFile(), program.mainClass());
        this.program = program.toSetProgram();
        this.keep = config.keep();
        this.modes = config.modes();
        ImageStaging staging = staging();
        try {
            staging.recordTask(new ImageStaging.TaskRecord(collective.rank(), DmtcpNative.uniquePid(), host));
        } catch (IOException e) {
            throw new CheckpointException("cannot record task " + collective.rank() + " in " + staging.dir() + ": " + e.getMessage(), e);
        }
        this.events = new DmtcpEvents(DmtcpNative::localStatus, this::fire, EVENT_PERIOD_MILLIS);
    }

    /**
     * Where DMTCP writes this process's images now: the launcher's staging directory, which a
     * restart changes (dmtcp_restart --ckptdir), so it is asked at every checkpoint.
     */
    private ImageStaging staging() {
        return new ImageStaging(Path.of(DmtcpNative.checkpointDir()), modes);
    }

    /** True once DMTCP restarted this process from an image. */
    @Override
    public boolean isRestart() {
        return DmtcpNative.localStatus().restarts() > 0;
    }

    /** Nothing to load: a restarted process continues from its image, where its state already is. */
    @Override
    public void restore() {
    }

    @Override
    public Path checkpoint() {
        state.fireCheckpoint();
        LocalStatus before = DmtcpNative.localStatus();
        String outcome;
        events.beginOwn();
        try {
            outcome = takeTogether(before);
        } finally {
            events.endOwn();
        }
        fire(DmtcpNative.localStatus().since(before));
        if (!outcome.startsWith("OK\t")) {
            throw new CheckpointException(outcome);
        }
        return Path.of(outcome.substring(3));
    }

    /**
     * Task 0 gets ready (lock, tag) and says so, so that no task waits for a snapshot that will
     * not come; the gather then lets task 0 out last; the outcome is broadcast once all are back.
     */
    private String takeTogether(LocalStatus before) {
        Prepared prepared = null;
        String ready = "OK";
        if (collective.rank() == 0) {
            try {
                prepared = prepare();
            } catch (IOException | RuntimeException | InterruptedException e) {
                ready = "DMTCP checkpoint not taken: " + e.getMessage();
            }
        }
        ready = collective.broadcast(ready);
        if (!ready.equals("OK")) {
            return ready;
        }
        collective.gather("");
        String mine = collective.rank() == 0 ? snapshotAndAssemble(prepared) : awaitSnapshot(before);
        return collective.broadcast(mine);
    }

    /** What task 0 holds between getting ready and assembling: the job's checkpoint lock and the tag. */
    private record Prepared(ImageStaging.Held lock, SetAssembler assembler, int tag, int processes) {
    }

    private Prepared prepare() throws IOException, InterruptedException {
        ImageStaging staging = staging();
        SetAssembler assembler = new SetAssembler(staging, naming, program, collective.size(), keep);
        ImageStaging.Held lock = staging.lock();
        try {
            return new Prepared(lock, assembler, assembler.nextTag(), DmtcpNative.coordinatorPeers());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Snapshot every process, then name the images as a set; "OK\tset" or the failure. */
    private String snapshotAndAssemble(Prepared prepared) {
        try {
            return "OK\t" + snapshot(prepared);
        } catch (IOException | RuntimeException e) {
            return "DMTCP checkpoint failed: " + e.getMessage() + "; the previous set is intact";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "DMTCP checkpoint interrupted";
        }
    }

    private Path snapshot(Prepared prepared) throws IOException, InterruptedException {
        try (ImageStaging.Held lock = prepared.lock()) {
            if (DmtcpNative.checkpoint() == Snapshot.RESTARTED) {
                return naming.setFile(prepared.tag()); // Restarted from this very set: nothing left to assemble.
            }
            return prepared.assembler().assemble(prepared.tag(), prepared.processes(), Map.of());
        }
    }

    /** Other tasks: wait, outside MPI, until DMTCP has snapshotted (or restarted) this process. */
    private static String awaitSnapshot(LocalStatus before) {
        while (!DmtcpNative.localStatus().after(before)) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for the DMTCP checkpoint";
            }
        }
        return "";
    }

    @Override
    public synchronized CompletableFuture<Path> requestCheckpoint() {
        CompletableFuture<Path> outcome = new CompletableFuture<>();
        partials = CompletableFuture.allOf(partials, outcome);
        Thread t = new Thread(() -> {
            try {
                outcome.complete(snapshot(prepare()));
            } catch (IOException | RuntimeException | InterruptedException e) {
                // As with the app engine: a failed partial checkpoint is said, the job goes on.
                System.err.println("jckpt: DMTCP checkpoint failed: " + e);
                outcome.completeExceptionally(new CheckpointException("DMTCP checkpoint failed: " + e.getMessage(), e));
            }
        }, "jckpt-dmtcp-partial");
        t.setDaemon(true);
        t.start();
        return outcome;
    }

    /** DMTCP takes no safe points: partial and system-initiated checkpoints stop tasks wherever they are. */
    @Override
    public boolean safePoint() {
        return false;
    }

    private void fire(Snapshot event) {
        if (event == Snapshot.RESTARTED) {
            state.fireRestart();
        } else {
            state.fireResume();
        }
    }

    /** Waits for this task's partial checkpoints, so that a job ending right after asking still commits its set. */
    @Override
    public void close() {
        CompletableFuture<?> pending;
        synchronized (this) {
            pending = partials;
        }
        pending.handle((ok, failure) -> null).join();
        events.close();
        collective.free();
    }
}
