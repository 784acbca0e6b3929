package org.jckpt.engine.app.flush;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.control.ControlClient;
import org.jckpt.engine.Collective;
import org.jckpt.engine.TaskProblem;
import org.jckpt.engine.TaskState;
import org.jckpt.engine.app.local.LocalCopies;
import org.jckpt.engine.app.local.PauseWarmup;
import org.jckpt.engine.app.redundancy.LocalRebuild;
import org.jckpt.engine.app.redundancy.Protection;
import org.jckpt.engine.app.taskfile.SetRecord;
import org.jckpt.engine.app.taskfile.TaskFileSeal;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.engine.app.taskfile.WrittenFile;
import org.jckpt.engine.app.taskfile.codec.Compression;
import org.jckpt.job.JobConfig;
import org.jckpt.record.CheckpointLog;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.GentleFileWriter;
import org.jckpt.store.IoErrors;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetNaming;

/**
 * The asynchronous way of a checkpoint, for one task: the pause copies the state to the node-local
 * level; a {@link TaskFlusher} (every task) and a {@link FlushSchedule} (task 0) take the copy to
 * the global directory afterwards. Every method that says so is collective: all tasks call it
 * alike, as they agreed to use this level at start.
 */
public final class BackgroundFlush implements AutoCloseable {
    /** Time for the last flush at the program's end, beyond what the data's size needs at 20 MB/s. */
    private static final Duration DRAIN_BASE = Duration.ofMinutes(5);
    /** One copy flushing, one waiting, and the new one: the most a task keeps on the local level for the flush. */
    private static final int MOST_BEHIND = 3;
    /** How long a pause waits for the backlog to shrink before it writes synchronously instead. */
    private static final Duration BACKLOG_WAIT = Duration.ofSeconds(2);
    /**
     * The same with {@code --flush-every 0}, whose sets must not go to the checkpoint directory: as
     * long as the redundancy's transfers could still be making progress (each wait on a peer ends
     * after 2 minutes without progress), twice over. A loaded node builds the redundancy, at low
     * priority, slower than a program checkpoints.
     */
    private static final Duration NEVER_FLUSHED_BACKLOG_WAIT = Duration.ofMinutes(5);

    private final Collective collective;
    private final LocalLevel local;
    private final LocalCopies files;
    private final FileModes modes;
    private final int tasksHere;
    private final TaskFlusher flusher;
    private final FlushSchedule schedule;
    /** Null without redundancy. */
    private final Protection protection;
    /** {@link #MOST_BEHIND}, and the sets kept on the local level without a flush ({@code --flush-every}). */
    private final int mostBehind;
    private final Duration backlogWait;
    private final CountDownLatch drained = new CountDownLatch(1);
    /** Whether task 0's schedule went idle before it ended the flushes; set before {@link #drained} opens. */
    private volatile boolean drainedWhole;

    private BackgroundFlush(Collective collective, LocalLevel local, FileModes modes, LocalCopies files,
                            TaskFlusher flusher, FlushSchedule schedule, Protection protection, int mostBehind,
                            Duration backlogWait) {
        this.collective = collective;
        this.modes = modes;
        this.local = local;
        this.files = files;
        this.tasksHere = collective.tasksOnThisNode();
        this.flusher = flusher;
        this.schedule = schedule;
        this.protection = protection;
        this.mostBehind = mostBehind;
        this.backlogWait = backlogWait;
    }

    /**
     * Collective: the background flush when the job asked for it and every task can use its node's
     * local level, else null (checkpoints are then written synchronously). Task 0 says which, once.
     */
    public static BackgroundFlush open(Collective collective, JobConfig config, SetNaming global, SetRecord record,
                                       CheckpointLog log, ControlClient control, String host) {
        int rank = collective.rank();
        LocalLevel local = null;
        String problem = "";
        int restartTag = -1;
        if (config.levels().async()) {
            try {
                local = LocalLevel.open(localRoot(config), global, config.levels().localCap(), config.modes());
                restartTag = restartTagHere(local, config);
                removeStale(local, rank, restartTag);
            } catch (IOException | RuntimeException e) {
                problem = "the node-local level on " + host + " is unusable: " + IoErrors.describe(e);
            }
        }
        TaskProblem first = collective.firstProblem(problem);
        if (!config.levels().async() || first != null) {
            if (rank == 0) {
                System.err.println("jckpt: checkpoints are written synchronously to " + global.dir()
                        + (first == null ? " (--flush sync)" : ": " + first.text()));
            }
            return null;
        }
        if (rank == 0) {
            System.err.println("jckpt: checkpoints pause for a copy to " + local.dir() + (local.tmpfs() ? " (memory)" : "")
                    + " and flush in the background to " + global.dir());
        }
        Protection protection = Protection.open(collective, config.levels().redundancy(), config.token(), control, local,
                config.modes(), host, restartTag);
        int flushEvery = config.levels().flushEvery();
        FlushSchedule schedule = rank == 0 ? new FlushSchedule(collective.size(), global, local.naming(), config.modes(),
                config.keep(), record, log, control, protection, flushEvery) : null;
        LocalCopies files = new LocalCopies(local, rank, config.modes());
        BackgroundFlush flush = new BackgroundFlush(collective, local, config.modes(), files,
                new TaskFlusher(rank, host, local, files, global, config.modes(),
                        Compression.parse(config.levels().compress()), control, protection), schedule, protection,
                MOST_BEHIND + (flushEvery == 1 ? 0 : config.keep()), flushEvery == 0 ? NEVER_FLUSHED_BACKLOG_WAIT : BACKLOG_WAIT);
        control.onRelayed(flush::relayed);
        return flush;
    }

    /**
     * A killed job's copies of this task (and, on task 0, its local set files and warm-up scratch)
     * are of no use to this run, unless it restarts from the local level's set {@code keepTag}:
     * then that set and the older ones stay, the sets to fall back to if it cannot be loaded.
     */
    private static void removeStale(LocalLevel local, int rank, int keepTag) throws IOException {
        Pattern mine = Pattern.compile(Pattern.quote(local.naming().name()) + "\\." + rank + "\\.(\\d+)(\\.part)?");
        try (Stream<Path> files = Files.list(local.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                Matcher m = mine.matcher(name);
                if ((m.matches() && (m.group(2) != null || Integer.parseInt(m.group(1)) > keepTag))
                        || (rank == 0 && local.naming().isSetFileName(name) && SetNaming.tagOf(f) > keepTag)) {
                    Files.deleteIfExists(f);
                } else if (rank == 0 && PauseWarmup.isScratch(f)) {
                    FileTrees.delete(f); // No task warms up before all have passed this point (a collective follows).
                }
            }
        }
    }

    /**
     * The tag of the set this run restarts from when it is on the local level, else -1: one the
     * launcher chose on another node's level names this node's set of that tag too.
     */
    private static int restartTagHere(LocalLevel local, JobConfig config) {
        Path keep = config.restartSet() == null ? null : Path.of(config.restartSet()).toAbsolutePath();
        return keep != null && (config.restartLocal() || keep.getParent().equals(local.dir())) ? SetNaming.tagOf(keep) : -1;
    }

    /**
     * Why this task's node has no room for this copy now, or empty: the node's room, and no more
     * than {@link #MOST_BEHIND} copies waiting for the flush (the pause waits a moment for one to
     * go rather than memory filling up; longer for sets never flushed). Not collective: the tasks
     * agree in the pause's reduction.
     */
    public String lackOfRoom(TaskState state) {
        String lack;
        try {
            // Overwriting a spare at least as large takes no new room: the usual case, kept cheap.
            long bytes = state.knownBytes();
            if (protection != null) {
                // The pieces other nodes give this one take as much room again (partner) or a share (parity).
                lack = local.lackOfRoom(tasksHere, protection.withProtection(bytes) - (files.spareHolds(bytes) ? bytes : 0));
            } else {
                lack = files.spareHolds(bytes) ? "" : local.lackOfRoom(tasksHere, bytes);
            }
        } catch (IOException e) {
            lack = "cannot tell the room on " + local.dir() + ": " + IoErrors.describe(e);
        }
        if (lack.isEmpty() && !fewerThanMostBehind()) {
            lack = "the background flush is " + flusher.outstanding() + " copies behind";
        }
        return lack;
    }

    /**
     * This task's copy of {@code tag} goes straight to {@code target}, checksummed and synced, as
     * the flush would write it (uncompressed and at the thread's own priority: the program waits),
     * because another task had no room for its own: the set is committed synchronously.
     */
    public WrittenFile writeThrough(TaskFileWriter.Raw copy, int tag, Path target, String host) throws IOException {
        // Task 0's note of the set stays until the commit (or the failure) that ends it: an older set may hand its requests on to it.
        try (GlobalCopy global = new GlobalCopy(modes, Compression.NONE, GentleFileWriter.Options.WAITED_FOR)) {
            TaskFileWriter.Result sealed = TaskFileSeal.seal(copy, false);
            return global.copy(copy.file(), new WrittenFile(host, copy.file().getFileName().toString(), sealed.sum(),
                    sealed.index()), target);
        } catch (SetFileException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            files.delete(tag, copy.file());
        }
    }

    /** Gives a superseded copy the moment it takes to be dropped, rather than writing synchronously at once. */
    private boolean fewerThanMostBehind() {
        try {
            return flusher.awaitFewerThan(mostBehind, backlogWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The pause's copy of this task's state; task 0 first notes the set with its {@code layout}. */
    public TaskFileWriter.Raw copy(TaskFileWriter writer, TaskState state, int tag, Supplier<Map<String, String>> layout,
                                   Progress shown) throws IOException {
        if (schedule != null) {
            schedule.taking(tag, layout.get());
        }
        return files.write(writer, state, tag, shown);
    }

    /**
     * Every task's copy of {@code tag} succeeded: the background takes over. Task 0 answers
     * {@code request} (a system-initiated or partial checkpoint's; null for the program's own)
     * once the set, or one superseding it, commits.
     */
    public void copied(TaskFileWriter.Raw raw, int tag, String request) {
        if (schedule != null && request != null) {
            schedule.answerWhenCommitted(tag, request); // before the copy can be reported checksummed
        }
        flusher.copied(raw, tag);
    }

    /** The pause of {@code tag} failed somewhere: this task's copy goes. */
    public void discard(int tag) {
        if (schedule != null) {
            schedule.forget(tag);
        }
        files.discard(tag);
    }

    /** Task 0: set {@code tag} was committed synchronously. */
    public void committedSync(int tag) {
        if (schedule != null) {
            schedule.committedSync(tag);
        }
    }

    /**
     * Collective, before a restart loads set {@code tag} of the local level: the files of the set
     * that this node's tasks read (each task's {@code reads}) brought to this node
     * ({@link LocalRebuild}); its set file here.
     */
    public Path rebuild(int tag, String token, ControlClient control, String host, Function<CheckpointSet, Set<Integer>> reads)
            throws SetFileException {
        return new LocalRebuild(collective, local, modes, token, host, tag).run(control, reads);
    }

    /** Tags of this task's local copies that a new set must not reuse. */
    public SortedSet<Integer> localTags() throws IOException {
        return local.naming().allTags(false);
    }

    private void relayed(String[] m) {
        switch (m[1]) {
            case FlushSchedule.SEALED, FlushSchedule.FLUSHED -> schedule.report(m);
            case FlushSchedule.DRAINED -> {
                drainedWhole = m[2].equals("1");
                drained.countDown();
            }
            default -> flusher.order(m[1], Integer.parseInt(m[2]));
        }
    }

    /**
     * Collective, at the program's end: the last set reaches the global directory (within a bound
     * that grows with the data), then each task removes its local copies.
     */
    @Override
    public void close() {
        Duration limit = DRAIN_BASE.plusSeconds(flusher.bytesCopied() * collective.size() / 20_000_000L);
        boolean done = false;
        try {
            if (schedule != null) {
                done = schedule.drain(limit);
                schedule.finish(done);
            } else {
                done = drained.await(limit.toSeconds() + 60, TimeUnit.SECONDS) && drainedWhole;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher.close(done);
        if (schedule != null) {
            schedule.close();
        }
        try {
            Files.delete(local.dir()); // The last task on the node to get here removes the job's directory.
        } catch (IOException notEmptyOrGone) {
            // Another task's files are still there, or it removed it first.
        }
    }

    /** This host's root of the local level; a per-host one ({@code %h}) is made when missing, as each host's first use. */
    private static Path localRoot(JobConfig config) throws IOException {
        Path root = config.levels().localRootHere();
        if (config.levels().perHost()) {
            config.modes().createDirectories(root);
        }
        return root;
    }
}
