package org.jckpt.engine.app.flush;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.control.ControlClient;
import org.jckpt.engine.app.local.LocalCopies;
import org.jckpt.engine.app.local.PauseWarmup;
import org.jckpt.engine.app.redundancy.Protection;
import org.jckpt.engine.app.taskfile.TaskFileSeal;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.engine.app.taskfile.WrittenFile;
import org.jckpt.engine.app.taskfile.codec.Compression;
import org.jckpt.store.FileModes;
import org.jckpt.store.GentleFileWriter;
import org.jckpt.store.IoErrors;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.SetNaming;
import org.jckpt.system.DaemonThreads;
import org.jckpt.system.GentleIo;

/**
 * One task's side of the background flush, on two low-priority threads: the local thread
 * checksums each copy the pause left on the node-local level and recycles copies nobody needs any
 * more; the flush thread, when task 0's {@link FlushSchedule} says so, writes a copy to the global
 * directory and syncs it. Two threads, so that a long flush never delays the checksums that let
 * task 0 coalesce newer copies and free their room. It talks to task 0 through the coordinator's
 * relay, never through MPI, which belongs to the program.
 */
final class TaskFlusher {
    private static final Logger LOG = System.getLogger(TaskFlusher.class.getName());
    private static final int BACKGROUND_NICE = 19;

    private final int rank;
    private final String host;
    private final LocalLevel local;
    private final LocalCopies files;
    private final SetNaming global;
    private final GlobalCopy copy;
    private final ControlClient control;
    /** Null without redundancy. */
    private final Protection protection;
    /** This task's sealed local copies by tag. */
    private final ConcurrentSkipListMap<Integer, WrittenFile> copies = new ConcurrentSkipListMap<>();
    /** Copies handed over by the pause and not yet recycled, sealed or not. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile long bytesCopied;
    private final ExecutorService localThread = Executors.newSingleThreadExecutor(DaemonThreads.named("jckpt-seal", Thread.MIN_PRIORITY));
    private final ExecutorService flushThread = Executors.newSingleThreadExecutor(DaemonThreads.named("jckpt-flush", Thread.MIN_PRIORITY));

    TaskFlusher(int rank, String host, LocalLevel local, LocalCopies files, SetNaming global, FileModes modes,
                Compression compression, ControlClient control, Protection protection) {
        this.rank = rank;
        this.host = host;
        this.local = local;
        this.files = files;
        this.global = global;
        this.copy = new GlobalCopy(modes, compression, GentleFileWriter.Options.DEFAULT);
        this.control = control;
        this.protection = protection;
        // Checksums take CPU the program may want; the flush thread's writer lowers itself the same way.
        localThread.execute(() -> GentleIo.system().setThreadNice(BACKGROUND_NICE));
        localThread.execute(() -> PauseWarmup.run(local, rank, modes));
    }

    /** The pause copied set {@code tag} to {@code raw}: checksum it and tell task 0. */
    void copied(TaskFileWriter.Raw raw, int tag) {
        bytesCopied = raw.dataSize();
        outstanding.incrementAndGet();
        localThread.execute(() -> seal(raw, tag));
    }

    /**
     * Seals the copy and tells task 0, once: whatever fails here, an {@link Error} included (a
     * fault in a mapping is one), is that set's problem, and the copy goes.
     */
    private void seal(TaskFileWriter.Raw raw, int tag) {
        WrittenFile written = null;
        String problem = "";
        try {
            TestFaults.inject("seal", tag);
            TaskFileWriter.Result sealed = TaskFileSeal.seal(raw, false);
            Path file = local.naming().taskFile(rank, tag);
            files.sealed(tag, raw.file(), file);
            written = new WrittenFile(host, file.getFileName().toString(), sealed.sum(), sealed.index());
            if (protection != null) {
                protection.protect(file, sealed.sum(), tag);
            }
            copies.put(tag, written);
            // Before the schedule hears of it: the recycling that follows the commit must not wait for this.
            files.prefault(tag);
        } catch (Throwable e) {
            copies.remove(tag);
            files.delete(tag, raw.file());
            files.delete(tag, local.naming().taskFile(rank, tag));
            outstanding.decrementAndGet();
            written = null;
            problem = "task " + rank + " on " + host + " could not checksum " + (protection == null ? "" : "and protect ")
                    + "its copy " + raw.file() + ": " + IoErrors.describe(e);
        }
        tell(FlushSchedule.SEALED, tag, problem, written);
        changed();
    }

    /** Copies of this task on the local level, sealed or not; the pause's bound on the flush's backlog. */
    int outstanding() {
        return outstanding.get();
    }

    /**
     * Waits, for at most {@code limit}, until fewer than {@code most} copies are outstanding: a
     * superseded copy is dropped one relay after the newer one is checksummed on every task.
     */
    boolean awaitFewerThan(int most, Duration limit) throws InterruptedException {
        return outstanding() < most || awaitedFewerThan(most, limit);
    }

    private synchronized boolean awaitedFewerThan(int most, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        for (long left = limit.toMillis(); outstanding() >= most && left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
        return outstanding() < most;
    }

    private synchronized void changed() {
        notifyAll();
    }

    /** Task 0's word, relayed: FLUSH, DROP, RETIRE or ABANDON (the set will never commit: neither copy is needed) a tag. */
    void order(String kind, int tag) {
        if (protection != null && (kind.equals(FlushSchedule.ABANDON) || kind.equals(FlushSchedule.DROP))) {
            protection.abandon(tag); // now: the seal thread may be waiting for other tasks' parity of it
        }
        switch (kind) {
            case FlushSchedule.FLUSH -> flushThread.execute(() -> flush(tag));
            case FlushSchedule.ABANDON -> {
                flushThread.execute(() -> deleteQuietly(global.taskFile(rank, tag)));
                localThread.execute(guarded("free its copy of set " + tag, () -> drop(tag)));
            }
            case FlushSchedule.DROP -> localThread.execute(guarded("free its copy of set " + tag, () -> drop(tag)));
            case FlushSchedule.RETIRE -> localThread.execute(guarded("free its copies up to set " + tag, () -> retire(tag)));
            default -> LOG.log(Logger.Level.WARNING, "unknown flush order " + kind);
        }
    }

    private void flush(int tag) {
        WrittenFile mine = copies.get(tag);
        Path target = global.taskFile(rank, tag);
        if (mine == null) {
            tell(FlushSchedule.FLUSHED, tag, "task " + rank + " on " + host + " has no copy of set " + tag, null);
            return;
        }
        WrittenFile stored = null;
        String problem = "";
        try {
            TestFaults.inject("flush", tag);
            stored = copy.copy(local.naming().dir().resolve(mine.file()), mine, target);
        } catch (Throwable e) { // An Error too: the schedule waits for this answer.
            problem = "task " + rank + " on " + host + " could not write " + target + ": " + IoErrors.describe(e);
        }
        tell(FlushSchedule.FLUSHED, tag, problem, stored);
    }

    /** The copies of {@code tags} are no longer needed: each becomes the spare in turn, the last one stays. */
    private void recycle(List<Integer> tags) {
        for (int tag : tags) {
            WrittenFile gone = copies.get(tag);
            if (gone == null) {
                continue;
            }
            files.recycle(tag, local.naming().dir().resolve(gone.file()));
            if (copies.remove(tag) != null) { // Only now: until the file is gone, the pause counts it.
                outstanding.decrementAndGet();
            }
        }
        changed();
    }

    /** Set {@code tag} will not be used: its copy here goes, and the pieces of it this task keeps for others. */
    private void drop(int tag) {
        if (protection != null) {
            protection.forget(tag);
        }
        recycle(List.of(tag));
    }

    /** Set {@code tag} committed globally: no copy up to it is needed, the restart's own included. */
    private void retire(int tag) {
        if (protection != null) {
            protection.retire(tag);
        }
        recycle(new ArrayList<>(copies.headMap(tag, true).keySet()));
        Pattern own = Pattern.compile(Pattern.quote(local.naming().name()) + "\\." + rank + "\\.(\\d+)");
        try (Stream<Path> files = Files.list(local.dir())) {
            files.filter(f -> {
                Matcher m = own.matcher(f.getFileName().toString());
                return m.matches() && Integer.parseInt(m.group(1)) <= tag && !copies.containsKey(Integer.parseInt(m.group(1)));
            }).forEach(TaskFlusher::deleteQuietly);
        } catch (IOException ignored) {
            // Left for the next run's cleanup.
        }
    }

    /** {@code step}, saying in one line if it fails, so that the thread lives on with its priority. */
    private Runnable guarded(String what, Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (Throwable e) {
                System.err.println("jckpt: task " + rank + " on " + host + " could not " + what + ": " + IoErrors.describe(e));
            }
        };
    }

    private void tell(String kind, int tag, String problem, WrittenFile file) {
        List<Object> fields = new ArrayList<>(List.of(kind, tag, problem));
        if (file != null) {
            fields.addAll(List.of(file.encode().split("\t")));
        }
        control.relay(0, fields.toArray());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover that the next run's cleanup removes.
        }
    }

    /** Bytes of this task's latest copy. */
    long bytesCopied() {
        return bytesCopied;
    }

    /**
     * Waits for what was handed to the threads, then removes this task's spare and, when the
     * flushes ended {@code whole}, its local copies; otherwise they stay for a restart from the local level.
     */
    void close(boolean whole) {
        for (ExecutorService thread : List.of(flushThread, localThread)) {
            thread.shutdown();
            try {
                thread.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        copy.close();
        if (whole) {
            recycle(new ArrayList<>(copies.keySet()));
        }
        if (protection != null) {
            if (whole) {
                protection.retire(Integer.MAX_VALUE);
            }
            protection.close();
        }
        files.close();
    }
}
