package org.jckpt.engine.app;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.CheckpointException;
import org.jckpt.control.RequestKind;
import org.jckpt.control.SafePoints;
import org.jckpt.engine.Collective;
import org.jckpt.engine.Engine;
import org.jckpt.engine.TaskProblem;
import org.jckpt.engine.TaskState;
import org.jckpt.engine.app.flush.BackgroundFlush;
import org.jckpt.engine.app.load.OldFilesRead;
import org.jckpt.engine.app.load.SetLoader;
import org.jckpt.engine.app.taskfile.SetRecord;
import org.jckpt.engine.app.taskfile.TaskFileReader;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.engine.app.taskfile.WrittenFile;
import org.jckpt.job.EngineType;
import org.jckpt.job.JobConfig;
import org.jckpt.record.CheckpointKind;
import org.jckpt.record.CheckpointLog;
import org.jckpt.record.LogEvent;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.DamagedSetException;
import org.jckpt.store.Layout;
import org.jckpt.store.RestartSets;
import org.jckpt.store.IoErrors;
import org.jckpt.store.Progress;
import org.jckpt.store.ProgressLine;
import org.jckpt.store.Retention;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.jckpt.store.SetVerifier;
import org.jckpt.system.DaemonThreads;
import org.jckpt.system.MpiLeftovers;

/**
 * The application-level engine: at an agreed point every task copies its registered state, to the
 * node-local level for a {@link BackgroundFlush} to take to the global directory, or (without room
 * there, or with {@code --flush sync}) straight to its task file in the global directory. Task 0
 * commits the set file once every task's file is durable.
 */
public final class AppEngine implements Engine {
    private static final Logger LOG = System.getLogger(AppEngine.class.getName());
    private final Collective collective;
    private final JobConfig config;
    private final TaskState state;
    private final CheckpointSet.Program program;
    private final SetNaming naming;
    private final String host;
    private final SafePoints safePoints = new SafePoints();
    private final ControlLink control;
    private final TaskFileWriter writer;
    private final SetRecord record;
    /** Task 0's; null on the others. */
    private final CheckpointLog log;
    /** Null when checkpoints are written synchronously. */
    private final BackgroundFlush flush;
    /** Task 0 deletes superseded sets here, outside the checkpoint pause. */
    private final ExecutorService pruner = Executors.newSingleThreadExecutor(DaemonThreads.named("jckpt-prune"));
    /** Tag of the next set; agreed once at start, then counted by every task alike. */
    private int nextTag;

    public AppEngine(Collective collective, JobConfig config, TaskState state, CheckpointSet.Program program, String host) {
        this.collective = collective;
        this.config = config;
        this.state = state;
        this.program = program;
        this.host = host;
        this.naming = SetNaming.resolve(config.ckptDir(), config.ckptFile(), program.mainClass());
        this.control = ControlLink.connect(collective, config, safePoints);
        this.writer = new TaskFileWriter(config.modes(), collective.rank() == 0);
        this.record = new SetRecord(program);
        this.log = collective.rank() == 0 ? new CheckpointLog(naming, config.modes(), System.err) : null;
        control.onPause(log); // With no launcher task 0 runs the coordinator, which sees every task's pause.
        this.flush = BackgroundFlush.open(collective, config, naming, record, log, control.client(), host);
        this.nextTag = Integer.parseInt(collective.broadcast(collective.rank() == 0 ? Integer.toString(firstFreeTag()) : ""));
        MpiLeftovers.cleanFromTask(System.getenv(), config.control(), host);
    }

    @Override
    public boolean isRestart() {
        return config.restartSet() != null;
    }

    @Override
    public void restore() {
        if (!isRestart()) {
            return;
        }
        Path setFile = Path.of(config.restartSet());
        String problem = "";
        boolean damaged = false;
        SetLoader.Loaded loaded = () -> { };
        try {
            if (config.restartLocal()) {
                setFile = rebuildLocally(SetNaming.tagOf(setFile));
            }
            CheckpointSet set = SetFiles.read(setFile);
            set.requireRestartableBy(setFile, EngineType.APP.id(), collective.size(), program.mainClass());
            loaded = load(set, setFile);
        } catch (SetFileException e) {
            problem = e.getMessage();
            damaged = e instanceof DamagedSetException;
        } catch (IOException | RuntimeException e) {
            problem = setFile + ": cannot load task " + collective.rank() + " (" + e + ")";
        }
        try (SetLoader.Loaded reading = loaded) {
            TaskProblem first = collective.firstProblem(problem);
            if (collective.min(damaged ? 0 : 1) == 0) {
                endDamaged(setFile, first);
            }
            throwIfAny(first, "restart from " + setFile + " failed", null);
            try {
                reading.deliver();
                problem = "";
            } catch (IOException | RuntimeException e) {
                problem = setFile + ": task " + collective.rank() + " could not read its objects back (" + e + ")";
            }
        } catch (IOException e) {
            problem = setFile + ": task " + collective.rank() + " could not close the set's files (" + e + ")";
        }
        throwIfAny(collective.firstProblem(problem), "restart from " + setFile + " failed", null);
        Exception failure = state.fireRestart();
        problem = failure == null ? "" : TaskProblem.ofCallback("onRestart", collective.rank(), host, failure);
        throwIfAny(collective.firstProblem(problem), "restart from " + setFile + " failed", failure);
    }

    /** Collective: the files of set {@code tag} of the node-local level that this node's tasks read, brought here; its set file. */
    private Path rebuildLocally(int tag) throws SetFileException {
        if (flush == null) {
            throw new SetFileException("set " + tag + " is on the node-local level, and this run does not use that level"
                    + " (--flush sync, or the level is unusable)");
        }
        return flush.rebuild(tag, config.token(), control.client(), host,
                set -> OldFilesRead.of(set, state, collective.rank(), collective.size()));
    }

    /**
     * Reads this task's state: from a set with task file indexes, only the ranges its items need,
     * each block checked; from an older set, its own whole file, checked whole first.
     */
    private SetLoader.Loaded load(CheckpointSet set, Path setFile) throws SetFileException, IOException {
        long bytes = state.knownBytes();
        if (set.files().stream().allMatch(f -> f.index() != null)) {
            // Open until the objects have read themselves, which they do only once every task has read its part.
            SetLoader loader = new SetLoader(set, setFile, collective.rank(), collective.size(),
                    progress("loading " + setFile.getFileName(), bytes));
            try {
                return loader.load(state);
            } catch (SetFileException | IOException | RuntimeException e) {
                loader.close();
                throw e;
            }
        }
        CheckpointSet.FileEntry mine = entryOf(set, collective.rank());
        Path file = setFile.toAbsolutePath().getParent().resolve(mine.file());
        if (!config.restartVerified()) { // The launcher verified the whole set before it started the tasks.
            SetVerifier.verifyFile(file, mine, progress("checking " + file.getFileName(), mine.size()));
        }
        new TaskFileReader().load(file, state, progress("loading " + file.getFileName(), mine.size()));
        return () -> { };
    }

    private static CheckpointSet.FileEntry entryOf(CheckpointSet set, int task) throws SetFileException {
        String t = Integer.toString(task);
        return set.files().stream().filter(f -> f.task().equals(t)).findFirst()
                .orElseThrow(() -> new SetFileException("set " + set.tag() + " has no file for task " + t));
    }

    /**
     * A task found the set damaged: the job ends with {@link RestartSets#EXIT_DAMAGED_SET}, before
     * the program sees any state, so that a launcher choosing the newest set falls back to the previous one.
     */
    private void endDamaged(Path setFile, TaskProblem first) {
        if (collective.rank() == 0) {
            System.err.println("jckpt: restart from " + setFile + " failed, the set is damaged (found by task " + first.task()
                    + "): " + first.text());
        }
        close();
        try {
            MPI.Finalize();
        } catch (MPIException e) {
            // Ending anyway.
        }
        System.exit(RestartSets.EXIT_DAMAGED_SET);
    }

    /**
     * Takes a complete checkpoint. With the background flush it returns once every task's copy is
     * on the node-local level; the returned set file appears when the flush commits it.
     */
    @Override
    public Path checkpoint(CheckpointKind kind) {
        safePoint();
        return timedTake(kind, null).file();
    }

    @Override
    public CompletableFuture<Path> requestCheckpoint() {
        // Not thenApply: the caller's future fails with the CheckpointException itself, not a wrapper.
        CompletableFuture<Path> set = new CompletableFuture<>();
        control.client().requestCheckpoint().whenComplete((file, failure) -> {
            if (failure == null) {
                set.complete(Path.of(file));
            } else {
                set.completeExceptionally(failure);
            }
        });
        return set;
    }

    @Override
    public boolean safePoint() {
        SafePoints.Action action = safePoints.pass();
        return action != null && act(action);
    }

    private boolean act(SafePoints.Action action) {
        control.client().reached(action.request());
        if (action.kind() == RequestKind.SUGGEST) {
            return true;
        }
        try {
            Taken set = timedTake(action.kind() == RequestKind.PARTIAL ? CheckpointKind.PARTIAL : CheckpointKind.SYSTEM,
                    action.request());
            if (collective.rank() == 0 && !set.flushing()) { // else the flush answers once the set commits
                control.client().result(action.request(), true, set.file().toString());
            }
        } catch (CheckpointException e) {
            // A system-initiated or partial checkpoint failing must not stop the job.
            if (collective.rank() == 0) {
                LOG.log(Logger.Level.WARNING, e.getMessage());
                control.client().result(action.request(), false, e.getMessage());
            }
        }
        return false;
    }

    private static final int PROBLEM = 1;
    private static final int NO_ROOM = 2;

    /** A set taken: its file's name, and whether it is still on its way to the global directory. */
    private record Taken(Path file, boolean flushing) {
    }

    /**
     * {@link #take}, its pause told to the coordinator, a failed one's too (the program waited for
     * it); task 0 records a failure.
     */
    private Taken timedTake(CheckpointKind kind, String request) {
        int tag = nextTag;
        long start = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try {
            return take(request);
        } catch (CheckpointException e) {
            if (log != null) {
                log.append(LogEvent.failure(tag, System.currentTimeMillis(), e.getMessage().lines().findFirst().orElse("")));
            }
            throw e;
        } finally {
            control.client().paused(tag, kind, start, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * The collective checkpoint: callbacks and this task's copy, then every task learns the first
     * problem of any task; without one, the copy goes on in the background (which answers
     * {@code request}, if any), or task 0 commits the set file (written in the pause) and everyone
     * learns whether it did.
     */
    private Taken take(String request) {
        int tag = nextTag++;
        Path setFile = naming.setFile(tag);
        Exception failure = state.fireCheckpoint();
        String problem = failure == null ? "" : TaskProblem.ofCallback("onCheckpoint", collective.rank(), host, failure);
        String lack = flush == null ? "" : flush.lackOfRoom(state);
        boolean toLocal = flush != null && lack.isEmpty();
        WrittenFile written = null;
        TaskFileWriter.Raw copy = null;
        if (failure == null) {
            try {
                if (toLocal) {
                    copy = flush.copy(writer, state, tag, this::layout, progress("copying", state.knownBytes()));
                } else {
                    written = writeMine(tag);
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
                problem = "task " + collective.rank() + " on " + host + " could not write "
                        + naming.taskFile(collective.rank(), tag) + ": " + IoErrors.describe(e);
            }
        }
        Exception resumeFailure = state.fireResume();
        if (resumeFailure != null && failure == null) {
            failure = resumeFailure;
            problem = TaskProblem.ofCallback("onResume", collective.rank(), host, resumeFailure);
        }
        String notCommitted = "checkpoint " + setFile + " not committed, the previous set is intact";
        // One small reduction is the whole agreement when all went well; texts travel only when not.
        int flags = collective.or((problem.isEmpty() ? 0 : PROBLEM) | (lack.isEmpty() ? 0 : NO_ROOM));
        if ((flags & PROBLEM) != 0) {
            throwIfAny(collective.firstProblem(problem), notCommitted, failure, tag);
        }
        if ((flags & NO_ROOM) == 0 && toLocal) {
            flush.copied(copy, tag, request);
            return new Taken(setFile, true);
        }
        if ((flags & NO_ROOM) != 0) {
            written = writtenThrough(setFile, tag, lack, copy, written, notCommitted);
        }
        String[] files = collective.gather(written.encode());
        String commitProblem = collective.rank() == 0 ? commit(tag, files) : "";
        throwIfAny(collective.firstProblem(commitProblem), notCommitted, null, tag);
        return new Taken(setFile, false);
    }

    /**
     * A task lacked room on its node-local level: the whole set is written synchronously, the
     * copies others made locally going straight to the directory. Task 0 says why, once.
     */
    private WrittenFile writtenThrough(Path setFile, int tag, String lack, TaskFileWriter.Raw copy, WrittenFile written,
                                       String notCommitted) {
        TaskProblem why = collective.firstProblem(lack);
        if (collective.rank() == 0) {
            System.err.println("jckpt: checkpoint " + setFile + " is written synchronously: " + why.text() + " (task " + why.task() + ")");
        }
        String problem = "";
        WrittenFile through = written;
        if (copy != null) {
            try {
                through = flush.writeThrough(copy, tag, naming.taskFile(collective.rank(), tag), host);
            } catch (IOException | RuntimeException e) {
                problem = "task " + collective.rank() + " on " + host + " could not write "
                        + naming.taskFile(collective.rank(), tag) + ": " + IoErrors.describe(e);
            }
        }
        // Every task, whether it had a copy or wrote its file already: tasks whose room differed
        // would otherwise pair this reduction with another collective, and wait for ever.
        throwIfAny(collective.firstProblem(problem), notCommitted, null, tag);
        return through;
    }

    /** Above every set of this name, in the global directory and on task 0's local level. */
    private int firstFreeTag() {
        try {
            SortedSet<Integer> tags = new TreeSet<>(naming.allTags(false));
            if (flush != null) {
                tags.addAll(flush.localTags());
            }
            return tags.isEmpty() ? 0 : tags.last() + 1;
        } catch (IOException e) {
            return 0; // The write that follows reports the directory's problem.
        }
    }

    private WrittenFile writeMine(int tag) throws IOException {
        Path file = naming.taskFile(collective.rank(), tag);
        TaskFileWriter.Result written = writer.write(state, file, progress("writing " + file.getFileName(), state.knownBytes()));
        return new WrittenFile(host, file.getFileName().toString(), written.sum(), written.index());
    }

    /** Task 0 commits the set of every task's file; returns the problem, or "" once committed. */
    private String commit(int tag, String[] encodedFiles) {
        List<WrittenFile> files = Arrays.stream(encodedFiles).map(WrittenFile::decode).toList();
        Path setFile = naming.setFile(tag);
        try {
            SetFiles.commit(setFile, record.of(tag, files, layout(), Map.of()), config.modes());
        } catch (IOException e) {
            return "task 0 on " + host + ": " + IoErrors.describe(e);
        }
        log.append(WrittenFile.committed(tag, files, null, null, List.of()));
        if (flush != null) {
            flush.committedSync(tag);
        }
        pruner.execute(() -> prune(setFile, tag));
        return "";
    }

    /** Every item's layout, as task 0 registered it (every task registers the same names, SPMD). */
    private Map<String, String> layout() {
        Map<String, String> layout = new TreeMap<>();
        state.items().forEach((name, item) -> layout.put(name, item.layout().label()));
        state.files().keySet().forEach(name -> layout.put(name, Layout.LOCAL.label()));
        return layout;
    }

    private void prune(Path setFile, int tag) {
        try {
            Retention.prune(naming, tag, config.keep());
        } catch (IOException e) {
            LOG.log(Logger.Level.WARNING, "set " + setFile + " committed, but removing old sets failed: " + IoErrors.describe(e));
        }
    }

    /** Task 0 shows its own long reads and writes when the launcher's stderr is a terminal. */
    private Progress progress(String label, long bytes) {
        return ProgressLine.of(collective.rank() == 0 && config.progress(), System.err, "jckpt: " + label, bytes);
    }

    private void discardMine(int tag) {
        if (flush != null) {
            flush.discard(tag);
        }
        try {
            Files.deleteIfExists(naming.taskFile(collective.rank(), tag));
        } catch (IOException ignored) {
            // Left for the next committed set's pruning.
        }
    }

    /** A checkpoint that fails leaves no file of this task behind. */
    private void throwIfAny(TaskProblem problem, String context, Exception failure, int tag) {
        if (problem != null) {
            discardMine(tag);
        }
        throwIfAny(problem, context, failure);
    }

    private void throwIfAny(TaskProblem problem, String context, Exception failure) {
        if (problem != null) {
            throw problem.toException(context + ": ", collective.rank(), failure);
        }
    }

    @Override
    public void close() {
        if (flush != null) {
            flush.close();
        }
        pruner.shutdown();
        try {
            pruner.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        control.close();
        collective.free();
    }
}
