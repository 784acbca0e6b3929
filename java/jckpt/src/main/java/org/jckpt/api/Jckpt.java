package org.jckpt.api;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.batch.TaskSignals;
import org.jckpt.engine.Collective;
import org.jckpt.engine.Engine;
import org.jckpt.engine.Engines;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.job.JobConfig;
import org.jckpt.record.CheckpointKind;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.SetFiles;

/**
 * Checkpoint/restart for one task of an MPI job, modelled on IBM PE's {@code mpc_init_ckpt}.
 *
 * <pre>{@code
 * try (Jckpt ckpt = Jckpt.init(args)) {          // MPI.Init (initThread: MPI.InitThread; join: already initialised)
 *     ckpt.register("grid", grid).register("iter", iter);
 *     ckpt.restore();                             // loads the state on a restart
 *     for (...) {
 *         if (ckpt.needCheckpoint()) ckpt.checkpoint();   // also a safe point
 *         step();
 *     }
 * }                                               // MPI.Finalize
 * }</pre>
 *
 * <p>Every task must pass the same sequence of jckpt calls (SPMD); partial and system-initiated
 * checkpoints are taken inside them, at a point all tasks agree on.
 *
 * <p><b>Restarting with another task count.</b> A set whose items are all distributed
 * ({@link #registerDistributed}), replicated ({@link #registerReplicated}) or redistributable
 * objects ({@link #registerRedistributable}) restarts with any task count; one holding any other
 * item (task-local: {@code register}, {@code registerFile}) only with its own, and another count is
 * refused naming those items. The calling order is the same for a fresh start and any restart:
 * <ol>
 * <li>{@code Jckpt.init} (or {@code initThread}, {@code join});</li>
 * <li>{@link #size()} and {@link #rank()}: this run's task count and rank (on a restart the new
 *     ones); the program computes its decomposition from them;</li>
 * <li>{@code register...} of every item, each task its own piece;</li>
 * <li>{@link #restore()}: on a restart, every task reads the byte ranges its pieces need from the
 *     old task files, checks each block it reads, and loads them; then the restart callbacks.</li>
 * </ol>
 */
public final class Jckpt implements AutoCloseable {
    private final TaskState state = new TaskState();
    private final Engine engine;
    private final int rank;
    private final int size;
    private final long everyCalls;
    private final int threadLevel;
    private final boolean finalizeOnClose;
    private long queries;
    /** needCheckpoint() said yes: the checkpoint that follows is periodic. */
    private boolean suggested;

    private Jckpt(String[] args, Class<?> mainClass, boolean finalizeOnClose) throws MPIException {
        JobConfig config = JobConfig.fromEnvironment(System.getenv());
        Collective collective = new Collective(MPI.COMM_WORLD);
        this.rank = collective.rank();
        this.size = collective.size();
        this.everyCalls = config.everyCalls();
        this.threadLevel = MPI.queryThread();
        this.finalizeOnClose = finalizeOnClose;
        CheckpointSet.Program program = new CheckpointSet.Program(mainClass.getName(), List.of(args), config.classPath(),
                new RecordedOptions(config.keep(), config.every(), config.groupRead(), config.restarts(), config.mpi(),
                        config.bindings()).toMap());
        this.engine = Engines.create(config, collective, state, program, MPI.getProcessorName());
    }

    /** Calls {@code MPI.Init(args)} and joins the job's checkpointing; the caller is the main class. */
    public static Jckpt init(String[] args) throws MPIException {
        TaskSignals.ignoreBatchWarnings(System.getenv());
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        warmUpRestart();
        MPI.Init(args);
        return new Jckpt(args, caller, true);
    }

    /**
     * Calls {@code MPI.InitThread(args, required)} and joins the job's checkpointing; the level MPI
     * provides is {@link #threadLevel()}. With {@code MPI.THREAD_MULTIPLE} other threads may call
     * MPI while a checkpoint runs: jckpt's own messages use a communicator of their own.
     */
    public static Jckpt initThread(String[] args, int required) throws MPIException {
        TaskSignals.ignoreBatchWarnings(System.getenv());
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        warmUpRestart();
        MPI.InitThread(args, required);
        return new Jckpt(args, caller, true);
    }

    /**
     * Joins the job's checkpointing in a program (or framework) that has initialised MPI itself;
     * {@link #close()} then leaves {@code MPI.Finalize} to it. Every task calls it, after MPI's init.
     */
    public static Jckpt join(String[] args) throws MPIException {
        TaskSignals.ignoreBatchWarnings(System.getenv());
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        if (!MPI.isInitialized()) {
            throw new IllegalStateException("Jckpt.join needs MPI initialised by the program; call MPI.Init first, or use Jckpt.init");
        }
        return new Jckpt(args, caller, false);
    }

    /** A restarted task reads its set file soon after MPI's init: the first read's cost goes while MPI starts. */
    private static void warmUpRestart() {
        JobConfig.restartSetOf(System.getenv()).ifPresent(setFile -> SetFiles.warmUpInBackground(Path.of(setFile)));
    }

    /** The thread level MPI provides ({@code MPI.THREAD_SINGLE} ... {@code MPI.THREAD_MULTIPLE}). */
    public int threadLevel() {
        return threadLevel;
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** Registers an array under {@code name}; its content is saved and, on a restart, loaded in place. */
    public Jckpt register(String name, double[] array) {
        return registerArray(name, array);
    }

    public Jckpt register(String name, float[] array) {
        return registerArray(name, array);
    }

    public Jckpt register(String name, long[] array) {
        return registerArray(name, array);
    }

    public Jckpt register(String name, int[] array) {
        return registerArray(name, array);
    }

    public Jckpt register(String name, short[] array) {
        return registerArray(name, array);
    }

    public Jckpt register(String name, char[] array) {
        return registerArray(name, array);
    }

    public Jckpt register(String name, byte[] array) {
        return registerArray(name, array);
    }

    private Jckpt registerArray(String name, Object array) {
        state.register(name, new StateItem.PrimitiveArray(array));
        return this;
    }

    /**
     * Registers elements {@code [arrayOffset, arrayOffset + range.elementCount())} of {@code array}
     * as this task's piece {@code range} of a global 1-D space (elements, or rows of a fixed width).
     * A restart with any task count loads the piece each task registers then.
     */
    public Jckpt registerDistributed(String name, double[] array, int arrayOffset, GlobalRange range) {
        return registerPiece(name, array, arrayOffset, range);
    }

    public Jckpt registerDistributed(String name, float[] array, int arrayOffset, GlobalRange range) {
        return registerPiece(name, array, arrayOffset, range);
    }

    public Jckpt registerDistributed(String name, long[] array, int arrayOffset, GlobalRange range) {
        return registerPiece(name, array, arrayOffset, range);
    }

    public Jckpt registerDistributed(String name, int[] array, int arrayOffset, GlobalRange range) {
        return registerPiece(name, array, arrayOffset, range);
    }

    public Jckpt registerDistributed(String name, byte[] array, int arrayOffset, GlobalRange range) {
        return registerPiece(name, array, arrayOffset, range);
    }

    private Jckpt registerPiece(String name, Object array, int arrayOffset, GlobalRange range) {
        state.register(name, new StateItem.Distributed(new StateItem.PrimitiveArray(array), arrayOffset, range));
        return this;
    }

    /** Registers an array that holds the same on every task (an iteration counter, parameters): stored once, loaded by every task. */
    public Jckpt registerReplicated(String name, long[] array) {
        return registerSame(name, array);
    }

    public Jckpt registerReplicated(String name, double[] array) {
        return registerSame(name, array);
    }

    public Jckpt registerReplicated(String name, int[] array) {
        return registerSame(name, array);
    }

    private Jckpt registerSame(String name, Object array) {
        state.register(name, new StateItem.Replicated(new StateItem.PrimitiveArray(array)));
        return this;
    }

    /** Registers an object whose content moves between tasks; see {@link Redistributable} for who gets which part. */
    public Jckpt registerRedistributable(String name, Redistributable object) {
        state.register(name, new StateItem.Parts(object));
        return this;
    }

    /** Registers a direct buffer's whole capacity under {@code name}. */
    public Jckpt register(String name, ByteBuffer directBuffer) {
        state.register(name, TaskState.of(directBuffer));
        return this;
    }

    /** Registers an object that writes and reads its own state. */
    public Jckpt register(String name, Checkpointable object) {
        state.register(name, TaskState.of(object));
        return this;
    }

    /** Registers an open file: its offset is recorded and restored, its content is not (as in PE). */
    public Jckpt registerFile(String name, FileChannel file) {
        state.registerFile(name, file);
        return this;
    }

    public Jckpt callbacks(CheckpointCallbacks callbacks) {
        state.addCallbacks(callbacks);
        return this;
    }

    /** Whether this run started from a checkpoint set. */
    public boolean isRestart() {
        return engine.isRestart();
    }

    /**
     * On a restart, loads the registered state (all tasks call this after registering): each task
     * reads what its items need from the set's task files and checks every block it reads before
     * any object sees it; returns whether it did. When a task finds the set damaged, the job ends
     * with exit status 4 (the launcher then falls back to the previous set with {@code --latest}).
     */
    public boolean restore() {
        engine.restore();
        return engine.isRestart();
    }

    /**
     * Complete checkpoint (PE's MP_CUSER): every task calls it. Returns the set file: with the
     * background flush (app engine, {@code --flush async}, the default) once every task's state is
     * copied to the node-local level, so the registered state may change right away, and the set
     * file appears when the flush commits it; otherwise once the set is committed.
     */
    public Path checkpoint() {
        CheckpointKind kind = suggested ? CheckpointKind.PERIODIC : CheckpointKind.COMPLETE;
        suggested = false;
        return engine.checkpoint(kind);
    }

    /**
     * Partial checkpoint (PE's MP_PUSER): this task asks; every task's part is taken at its next
     * safe point and the job goes on. The future completes with the committed set file. A request
     * that no safe point has taken when the program calls {@link #close()} is not taken: its future
     * fails with "the program ended (close) before the checkpoint was taken" (so does a
     * {@code jckpt checkpoint} still waiting then).
     */
    public CompletableFuture<Path> requestCheckpoint() {
        return engine.requestCheckpoint();
    }

    /** A safe point: takes a pending partial or system-initiated checkpoint when its turn has come. */
    public void poll() {
        engine.safePoint();
    }

    /**
     * A safe point that also says whether the program should take a complete checkpoint now:
     * every K-th call with {@code --ckpt-every K}; when the launcher's schedule says so with
     * {@code --ckpt-every 30s}, {@code overhead:2%} or {@code daly:6h}, at the same call on every task.
     */
    public boolean needCheckpoint() {
        boolean due = engine.safePoint();
        suggested = (everyCalls > 0 && ++queries % everyCalls == 0) || due;
        return suggested;
    }

    /** Leaves the job's checkpointing, and calls {@code MPI.Finalize} unless the program initialised MPI itself. */
    @Override
    public void close() throws MPIException {
        engine.close();
        if (finalizeOnClose) {
            MPI.Finalize();
        }
    }
}
