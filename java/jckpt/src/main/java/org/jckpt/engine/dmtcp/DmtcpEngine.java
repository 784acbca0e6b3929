package org.jckpt.engine.dmtcp;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jckpt.api.CheckpointException;
import org.jckpt.engine.Collective;
import org.jckpt.engine.Engine;
import org.jckpt.engine.TaskProblem;
import org.jckpt.engine.TaskState;
import org.jckpt.job.JobConfig;
import org.jckpt.record.CheckpointKind;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
import org.jckpt.store.SetNaming;
import org.jckpt.system.DaemonThreads;

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
    private static final Logger LOG = System.getLogger(DmtcpEngine.class.getName());
    private static final long EVENT_PERIOD_MILLIS = 50;
    /** Exit status of a task whose onRestart failed after DMTCP restarted it. */
    private static final int RESTART_FAILED = 5;
    private static final String NOT_COMMITTED = "DMTCP checkpoint not committed, the previous set is intact: ";

    private final Collective collective;
    private final TaskState state;
    private final SetNaming naming;
    private final CheckpointSet.Program program;
    private final int keep;
    private final FileModes modes;
    private final DmtcpEvents events;
    private final String host;
    /** Partial checkpoints asked for and not yet committed (or failed): close waits for them. */
    private CompletableFuture<?> partials = CompletableFuture.completedFuture(null);

    public DmtcpEngine(Collective collective, JobConfig config, TaskState state, CheckpointSet.Program program, String host) {
        Dmtcp.ensureAvailability();
        this.collective = collective;
        this.state = state;
        this.host = host;
        this.naming = SetNaming.resolve(config.ckptDir(), config.ckptFile(), program.mainClass());
        this.program = program;
        this.keep = config.keep();
        this.modes = config.modes();
        ImageStaging staging = staging();
        try {
            staging.recordTask(new ImageStaging.TaskRecord(collective.rank(), DmtcpNative.uniquePid(), host));
        } catch (IOException e) {
            throw new CheckpointException("cannot record task " + collective.rank() + " in " + staging.dir() + ": " + e.getMessage(), e);
        }
        this.events = new DmtcpEvents(DmtcpNative::localStatus, this::fireUnasked, EVENT_PERIOD_MILLIS);
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
    public Path checkpoint(CheckpointKind kind) {
        Exception failure = state.fireCheckpoint();
        String problem = failure == null ? "" : TaskProblem.ofCallback("onCheckpoint", collective.rank(), host, failure);
        LocalStatus before = DmtcpNative.localStatus();
        events.beginOwn();
        try {
            return takeTogether(before, problem, failure);
        } finally {
            events.endOwn();
        }
    }

    /**
     * Task 0 gets ready (lock, tag) and every task learns whether any could not (a failing
     * onCheckpoint), so that no task waits for a snapshot that will not come; the gather then lets
     * task 0 out last to snapshot; after it the callbacks run, and the set commits only when every
     * task's callbacks succeeded.
     */
    private Path takeTogether(LocalStatus before, String problem, Exception failure) {
        Prepared prepared = null;
        if (collective.rank() == 0 && problem.isEmpty()) {
            try {
                prepared = prepare();
            } catch (IOException | RuntimeException | InterruptedException e) {
                problem = "DMTCP checkpoint not taken: " + e.getMessage();
            }
        }
        TaskProblem refused = collective.firstProblem(problem);
        if (refused != null) {
            if (prepared != null) {
                prepared.lock().close();
            }
            state.fireResume();
            throw refused.toException(NOT_COMMITTED, collective.rank(), failure);
        }
        collective.gather("");
        if (collective.rank() != 0) {
            return finish(before, prepared, awaitSnapshot(before));
        }
        try (ImageStaging.Held lock = prepared.lock()) {
            return finish(before, prepared, snapshotAndPlace(prepared));
        }
    }

    /** After the snapshot: callbacks, agreement, then task 0 commits or discards the set; every task learns which. */
    private Path finish(LocalStatus before, Prepared prepared, Placement placement) {
        Snapshot event = DmtcpNative.localStatus().since(before);
        Fired callbacks = fire(event);
        TaskProblem first = collective.firstProblem(placement.problem().isEmpty() ? callbacks.problem() : placement.problem());
        String commitProblem = collective.rank() == 0 ? commitOrDiscard(prepared, placement, first == null) : "";
        if (first == null) {
            first = collective.firstProblem(commitProblem);
        }
        if (first != null) {
            throw first.toException(event == Snapshot.RESTARTED ? "restart failed: " : NOT_COMMITTED, collective.rank(),
                    callbacks.failure());
        }
        return Path.of(collective.broadcast(collective.rank() == 0 ? naming.setFile(prepared.tag()).toString() : ""));
    }

    /** What task 0 holds between getting ready and committing: the job's checkpoint lock and the tag. */
    private record Prepared(ImageStaging.Held lock, SetAssembler assembler, int tag, int processes) {
    }

    /** A snapshot's set waiting for the callbacks' verdict (null when restarted from it), or why there is none. */
    private record Placement(SetAssembler.Placed placed, String problem) {
        static final Placement NONE = new Placement(null, "");
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

    /** Snapshot every process, then move the images into place as an uncommitted set. */
    private static Placement snapshotAndPlace(Prepared prepared) {
        try {
            if (DmtcpNative.checkpoint() == Snapshot.RESTARTED) {
                return Placement.NONE; // Restarted from this very set: nothing left to commit.
            }
            return new Placement(prepared.assembler().place(prepared.tag(), prepared.processes(), Map.of()), "");
        } catch (IOException | RuntimeException e) {
            return new Placement(null, "DMTCP checkpoint failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Placement(null, "DMTCP checkpoint interrupted");
        }
    }

    /** Task 0: the set file once every task's callbacks succeeded, else the images go; returns the problem, or "". */
    private static String commitOrDiscard(Prepared prepared, Placement placement, boolean commit) {
        if (placement.placed() == null) {
            return "";
        }
        try {
            if (commit) {
                prepared.assembler().commit(placement.placed());
            } else {
                prepared.assembler().discard(placement.placed());
            }
            return "";
        } catch (IOException e) {
            return "task 0: " + e.getMessage();
        }
    }

    /** Other tasks: wait, outside MPI, until DMTCP has snapshotted (or restarted) this process. */
    private static Placement awaitSnapshot(LocalStatus before) {
        while (!DmtcpNative.localStatus().after(before)) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Placement(null, "interrupted while waiting for the DMTCP checkpoint");
            }
        }
        return Placement.NONE;
    }

    /** A partial checkpoint: snapshot, then commit once every task's events thread has run its callbacks. */
    private Path snapshot(Prepared prepared) throws IOException, InterruptedException {
        try (ImageStaging.Held lock = prepared.lock()) {
            CallbackVerdicts verdicts = CallbackVerdicts.of(staging());
            verdicts.clear();
            if (DmtcpNative.checkpoint() == Snapshot.RESTARTED) {
                return naming.setFile(prepared.tag());
            }
            return prepared.assembler().assemble(prepared.tag(), prepared.processes(), Map.of(), verdicts);
        }
    }

    @Override
    public synchronized CompletableFuture<Path> requestCheckpoint() {
        CompletableFuture<Path> outcome = new CompletableFuture<>();
        partials = CompletableFuture.allOf(partials, outcome);
        DaemonThreads.start("jckpt-dmtcp-partial", () -> {
            try {
                outcome.complete(snapshot(prepare()));
            } catch (IOException | RuntimeException | InterruptedException e) {
                // As with the app engine: a failed partial checkpoint is said, the job goes on.
                CheckpointException failure = e instanceof CheckpointException c ? c
                        : new CheckpointException("DMTCP checkpoint failed: " + e.getMessage(), e);
                LOG.log(Logger.Level.WARNING, failure.getMessage());
                outcome.completeExceptionally(failure);
            }
        });
        return outcome;
    }

    /** DMTCP takes no safe points: partial and system-initiated checkpoints stop tasks wherever they are. */
    @Override
    public boolean safePoint() {
        return false;
    }

    /** How this task's callbacks went: the first failure (null for none) and its text ("" for none). */
    private record Fired(Exception failure, String problem) {
    }

    /** Runs the callbacks for how this process came back. */
    private Fired fire(Snapshot event) {
        boolean restarted = event == Snapshot.RESTARTED;
        Exception failure = restarted ? state.fireRestart() : state.fireResume();
        return new Fired(failure, failure == null ? ""
                : TaskProblem.ofCallback(restarted ? "onRestart" : "onResume", collective.rank(), host, failure));
    }

    /** A checkpoint this task did not take itself: whoever took it learns how the callbacks went before it commits. */
    private void fireUnasked(Snapshot event) {
        Fired callbacks = fire(event);
        if (event == Snapshot.RESTARTED && callbacks.failure() != null) {
            // The program's restored state needs what onRestart could not do, and no call of the
            // program's can be made to fail here: the restart fails, as the app engine's restore() does.
            LOG.log(Logger.Level.ERROR, "restart failed: " + callbacks.problem() + "; ending the job", callbacks.failure());
            System.exit(RESTART_FAILED);
        }
        try {
            CallbackVerdicts.of(staging()).record(collective.rank(), callbacks.problem());
        } catch (IOException e) {
            LOG.log(Logger.Level.WARNING, "task " + collective.rank() + " cannot record how its callbacks went: " + e.getMessage());
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
        try {
            CallbackVerdicts.of(staging()).leave(collective.rank());
        } catch (IOException e) {
            LOG.log(Logger.Level.WARNING, "task " + collective.rank() + " cannot record that it left: " + e.getMessage());
        }
        collective.free();
    }
}
