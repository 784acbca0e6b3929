package org.jckpt.engine.app.flush;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jckpt.control.ControlClient;
import org.jckpt.engine.app.redundancy.Protection;
import org.jckpt.engine.app.taskfile.SetRecord;
import org.jckpt.engine.app.taskfile.WrittenFile;
import org.jckpt.record.CheckpointLog;
import org.jckpt.record.LogEvent;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;
import org.jckpt.store.IoErrors;
import org.jckpt.store.Retention;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.jckpt.system.DaemonThreads;

/**
 * Task 0's plan of the background flushes, on one thread of its own. A set whose copies every task
 * has checksummed is committed on the node-local level; then it is flushed, or waits while another
 * flush runs. Overlap policy: <b>coalesce</b>. At most one set flushes and one waits; a newer set
 * replaces the waiting one, whose copies are dropped, and the set that finally commits names the
 * sets it superseded ({@code coalesced}), which {@code jckpt list} shows. So the pause never waits
 * for the file system, the local level holds at most three copies per task, and a set reaches the
 * global directory whole or not at all: task 0 commits it only when every task's file is durable.
 *
 * <p>Orders go to every task's {@link TaskFlusher} through the coordinator's relay: FLUSH a tag,
 * DROP a superseded copy, RETIRE copies up to a globally committed tag, ABANDON a failed flush.
 */
final class FlushSchedule implements AutoCloseable {
    static final String SEALED = "SEALED";
    static final String FLUSHED = "FLUSHED";
    static final String FLUSH = "FLUSH";
    static final String DROP = "DROP";
    static final String RETIRE = "RETIRE";
    static final String ABANDON = "ABANDON";
    static final String DRAINED = "DRAINED";
    private static final int NO_SET = -1;

    /**
     * What the set file needs that only the pause knew, who waits for the global commit, and the
     * older sets this one superseded before they were flushed.
     */
    private record Taken(Map<String, String> layout, List<String> requests, List<Integer> superseded) {
    }

    private final int tasks;
    private final SetNaming global;
    private final SetNaming local;
    private final FileModes modes;
    private final int keep;
    private final SetRecord record;
    private final CheckpointLog log;
    private final ControlClient control;
    /** Null without redundancy. */
    private final Protection protection;
    private final int flushEvery;
    /** Sets committed on the local level so far, to flush every {@link #flushEvery}-th. */
    private int committedLocally;
    /** Sets committed on the local level and not to be flushed, the newest {@link #keep} of them. */
    private final TreeMap<Integer, Taken> localOnly = new TreeMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("jckpt-flush-schedule"));
    /** Completed, on the schedule's thread, once no set is waiting, flushing or being taken. */
    private CompletableFuture<Void> whenIdle;
    private final TreeMap<Integer, Taken> taken = new TreeMap<>();
    /** Sets whose events failed on this thread: their later reports are ignored. */
    private final Set<Integer> lost = new HashSet<>();
    private final Step sealing = new Step();
    private final Step flushes = new Step();
    private Integer flushing;
    private Integer waiting;
    private int newestCommitted = -1;
    /** For the record: when each set committed locally, and when its flush started (ms since the epoch). */
    private final Map<Integer, Long> localCommits = new HashMap<>();
    private final Map<Integer, Long> flushStarts = new HashMap<>();

    FlushSchedule(int tasks, SetNaming global, SetNaming local, FileModes modes, int keep, SetRecord record,
                  CheckpointLog log, ControlClient control, Protection protection, int flushEvery) {
        this.tasks = tasks;
        this.global = global;
        this.local = local;
        this.modes = modes;
        this.keep = keep;
        this.record = record;
        this.log = log;
        this.control = control;
        this.protection = protection;
        this.flushEvery = flushEvery;
    }

    /** Set {@code tag} is being copied in the pause; told before any task can report its copy checksummed. */
    void taking(int tag, Map<String, String> layout) {
        onThread(tag, () -> taken.put(tag, new Taken(layout, new ArrayList<>(), new ArrayList<>())));
    }

    /** The pause of set {@code tag} failed: no copy of it will be reported, and whoever waits for it waits on. */
    void forget(int tag) {
        onThread(tag, () -> {
            Taken t = taken.remove(tag);
            if (t != null) {
                handOn(tag, t, "set " + tag + " was not committed");
            }
        });
    }

    /** Task 0 answers {@code request} (a system-initiated or partial checkpoint) once {@code tag}, or a set superseding it, commits. */
    void answerWhenCommitted(int tag, String request) {
        onThread(tag, () -> {
            Taken t = taken.get(tag);
            if (t == null) {
                control.result(request, false, "set " + tag + " was not committed");
            } else {
                t.requests().add(request);
            }
        });
    }

    /**
     * Set {@code tag} committed synchronously (no room on the local level): older flushes are moot.
     * Task 0 may have noted it while copying its own part: that note goes, answering whoever an
     * older dropped set handed on to it, so that nothing waits for a set that will never flush.
     */
    void committedSync(int tag) {
        onThread(tag, () -> {
            Taken own = taken.remove(tag);
            if (own != null) {
                answer(own, true, global.setFile(tag).toString());
            }
            newestCommitted = Math.max(newestCommitted, tag);
            if (waiting != null && waiting < tag) {
                drop(waiting);
                waiting = null;
            }
        });
    }

    /** A relayed report: {@code from}, kind, tag, problem, then the file's fields when there is no problem. */
    void report(String[] m) {
        int from = Integer.parseInt(m[0]);
        int tag = Integer.parseInt(m[2]);
        WrittenFile file = m[3].isEmpty() ? WrittenFile.decode(String.join("\t", Arrays.copyOfRange(m, 4, m.length))) : null;
        onThread(tag, () -> {
            if (lost.contains(tag)) {
                return; // Failed already, in one line.
            }
            if (m[1].equals(SEALED)) {
                sealing.collect(tag, from, file, m[3]).ifPresent(r -> onSealed(tag, r));
            } else if (m[1].equals(FLUSHED)) {
                flushes.collect(tag, from, file, m[3]).ifPresent(r -> onFlushed(tag, r));
            }
        });
    }

    /** Every task's report of one step: its file, or the first problem any task had. */
    private record Reports(WrittenFile[] files, String problem) {
    }

    /** The reports of one step (checksumming, flushing) that came in so far, by tag. */
    private final class Step {
        private final Map<Integer, WrittenFile[]> files = new HashMap<>();
        private final Map<Integer, String[]> problems = new HashMap<>();

        /** Adds one task's report; once every task reported, all of them. */
        Optional<Reports> collect(int tag, int from, WrittenFile file, String problem) {
            WrittenFile[] f = files.computeIfAbsent(tag, t -> new WrittenFile[tasks]);
            String[] p = problems.computeIfAbsent(tag, t -> new String[tasks]);
            f[from] = file;
            p[from] = problem;
            if (Arrays.stream(p).anyMatch(Objects::isNull)) {
                return Optional.empty();
            }
            files.remove(tag);
            problems.remove(tag);
            return Optional.of(new Reports(f, Arrays.stream(p).filter(x -> !x.isEmpty()).findFirst().orElse(null)));
        }
    }

    private void onSealed(int tag, Reports r) {
        String problem = r.problem();
        if (problem == null && !taken.containsKey(tag)) {
            problem = "set " + tag + " was not taken on task 0";
        }
        if (problem == null) {
            problem = commitLocally(tag, r.files());
        }
        if (problem != null) {
            fail(tag, problem);
            control.relay(-1, DROP, tag);
            return;
        }
        localCommits.put(tag, System.currentTimeMillis());
        committedLocally++;
        if (tag <= newestCommitted) {
            drop(tag);
        } else if (flushEvery == 0 || committedLocally % flushEvery != 0) {
            keepLocally(tag, r.files());
        } else if (flushing == null) {
            start(tag);
        } else {
            if (waiting != null) {
                drop(waiting);
            }
            waiting = tag;
        }
    }

    /**
     * Set {@code tag}, committed on the local level, is not to be flushed: whoever waits for it has
     * it now, and the oldest such set beyond {@link #keep} goes.
     */
    private void keepLocally(int tag, WrittenFile[] files) {
        Taken t = taken.remove(tag);
        localOnly.put(tag, t);
        log.append(WrittenFile.committedLocally(tag, List.of(files), localCommits.remove(tag)));
        answer(t, true, local.setFile(tag).toString());
        while (localOnly.size() > keep) {
            int old = localOnly.pollFirstEntry().getKey();
            deleteLocalSet(old);
            control.relay(-1, DROP, old);
        }
    }

    private void onFlushed(int tag, Reports r) {
        flushing = null;
        String problem = r.problem();
        if (tag <= newestCommitted) {
            // A newer set committed synchronously meanwhile, and its pruning may have taken this one's files.
            forgetSuperseded(tag);
            control.relay(-1, ABANDON, tag);
        } else {
            if (problem == null) {
                problem = commitGlobally(tag, r.files());
            }
            if (problem != null) {
                fail(tag, problem);
                control.relay(-1, ABANDON, tag);
            }
        }
        if (waiting != null) {
            start(waiting);
            waiting = null;
        }
    }

    private void start(int tag) {
        flushing = tag;
        flushStarts.put(tag, System.currentTimeMillis());
        control.relay(-1, FLUSH, tag);
    }

    /** A set superseded before it flushed: its copies go, and whoever waited for it waits on. */
    private void drop(int tag) {
        deleteLocalSet(tag);
        control.relay(-1, DROP, tag);
        Taken t = taken.remove(tag);
        if (t != null) {
            t.superseded().add(tag);
            handOn(tag, t, "set " + tag + " was superseded");
        }
    }

    /**
     * Whoever waits for set {@code tag}, which will not commit: they have the newer set committed
     * already, or wait for the next set noted (its superseded sets then include {@code t}'s), or
     * learn {@code why}. Never left in a note that is gone.
     */
    private void handOn(int tag, Taken t, String why) {
        Map.Entry<Integer, Taken> next = taken.higherEntry(tag);
        if (newestCommitted > tag) {
            answer(t, true, global.setFile(newestCommitted).toString());
        } else if (next != null) {
            next.getValue().requests().addAll(t.requests());
            next.getValue().superseded().addAll(t.superseded());
        } else {
            answer(t, false, why);
        }
    }

    /** Tells the coordinator the outcome of every request waiting for {@code t}. */
    private void answer(Taken t, boolean ok, String text) {
        t.requests().forEach(r -> control.result(r, ok, text));
        t.requests().clear();
    }

    /**
     * Commits set {@code tag} on the local level. With redundancy every other node gets the set
     * file first, under a hidden name here until then: this node, where a restart looks, lists the
     * set only once the nodes that survive it can tell what they hold of it.
     */
    private String commitLocally(int tag, WrittenFile[] files) {
        Path setFile = local.setFile(tag);
        Path written = protection == null ? setFile : setFile.resolveSibling("." + setFile.getFileName() + ".pending");
        try {
            Map<String, String> info = new TreeMap<>(protection == null ? Map.of() : protection.recorded());
            info.put("level", "local");
            SetFiles.commit(written, record.of(tag, List.of(files), taken.get(tag).layout(), info), modes);
            if (protection != null) {
                protection.shareSetFile(written, setFile.getFileName().toString());
                Durable.rename(written, setFile);
            }
            return null;
        } catch (IOException e) {
            deleteQuietly(written);
            return "task 0: the local set file " + setFile + (protection == null ? "" : ", given to every node,") + ": "
                    + IoErrors.describe(e);
        }
    }

    private String commitGlobally(int tag, WrittenFile[] files) {
        Map<String, String> info = new TreeMap<>();
        info.put("flush", "async");
        List<Integer> superseded = taken.get(tag).superseded();
        if (!superseded.isEmpty()) {
            info.put("coalesced", superseded.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        }
        try {
            SetFiles.commit(global.setFile(tag), record.of(tag, List.of(files), taken.get(tag).layout(), info), modes);
        } catch (IOException e) {
            return "task 0: " + IoErrors.describe(e);
        }
        newestCommitted = tag;
        log.append(WrittenFile.committed(tag, List.of(files), localCommits.get(tag), flushStarts.get(tag), superseded));
        localCommits.keySet().removeIf(t -> t <= tag);
        flushStarts.keySet().removeIf(t -> t <= tag);
        localOnly.headMap(tag, true).clear();
        for (Integer old : new ArrayList<>(taken.headMap(tag, true).keySet())) {
            answer(taken.remove(old), true, global.setFile(tag).toString());
        }
        try {
            // Those of this job, and the one a restart from the local level read.
            for (int old : local.setTags().headSet(tag, true)) {
                deleteLocalSet(old);
            }
        } catch (IOException ignored) {
            // Superseded local sets are removed by the next commit or run.
        }
        control.relay(-1, RETIRE, tag);
        try {
            Retention.prune(global, tag, keep);
        } catch (IOException e) {
            System.getLogger(FlushSchedule.class.getName()).log(System.Logger.Level.WARNING,
                    "set " + global.setFile(tag) + " committed, but removing old sets failed: " + IoErrors.describe(e));
        }
        return null;
    }

    private void forgetSuperseded(int tag) {
        Taken t = taken.remove(tag);
        if (t != null) {
            answer(t, true, global.setFile(newestCommitted).toString());
        }
        deleteLocalSet(tag);
    }

    private void fail(int tag, String problem) {
        System.err.println("jckpt: checkpoint " + global.setFile(tag) + " not committed: " + problem
                + "; the previous set is intact");
        log.append(LogEvent.failure(tag, System.currentTimeMillis(), problem));
        Taken t = taken.remove(tag);
        if (t != null) {
            answer(t, false, problem);
        }
        deleteLocalSet(tag);
    }

    /** The local set file of {@code tag} goes, from every node first: its copies and pieces go after it. */
    private void deleteLocalSet(int tag) {
        if (protection != null) {
            protection.withdrawSetFile(local.setFile(tag).getFileName().toString());
        }
        deleteQuietly(local.setFile(tag));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The next run's cleanup removes it; a set file without its copies fails verification.
        }
    }

    /**
     * Waits, for at most {@code limit}, until every set taken has committed or failed; true if so.
     * The program's end: the last set reaches the global directory before the job exits. A set
     * still pending then is said in one line; its local copies stay, for a restart from there.
     */
    boolean drain(Duration limit) throws InterruptedException {
        CompletableFuture<Void> idle = new CompletableFuture<>();
        onThread(NO_SET, () -> {
            flushNewestKept();
            whenIdle = idle;
        });
        try {
            idle.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            onThread(NO_SET, () -> taken.keySet().forEach(tag -> System.err.println("jckpt: checkpoint " + global.setFile(tag)
                    + " not committed: the background flush did not end within " + limit.toSeconds()
                    + " s of the program's end; it may be on the node-local level " + local.dir() + " only")));
            return false;
        }
    }

    /** The program's end: the newest set kept on the local level is flushed after all, unless sets are never flushed. */
    private void flushNewestKept() {
        if (flushEvery == 0 || localOnly.isEmpty() || localOnly.lastKey() <= Math.max(newestCommitted, taken.isEmpty() ? -1
                : taken.lastKey())) {
            return;
        }
        Map.Entry<Integer, Taken> newest = localOnly.pollLastEntry();
        taken.put(newest.getKey(), newest.getValue());
        if (flushing == null) {
            start(newest.getKey());
        } else {
            if (waiting != null) {
                drop(waiting);
            }
            waiting = newest.getKey();
        }
    }

    /**
     * Runs {@code event} of set {@code tag} on the schedule's thread, then tells {@link #drain} if
     * nothing is left to do. An event that fails, an {@link Error} included, fails its set: the
     * thread lives on, and no drain waits for a set it can no longer commit.
     */
    private void onThread(int tag, Runnable event) {
        thread.execute(() -> {
            try {
                event.run();
            } catch (Throwable e) {
                lose(tag, e);
            }
            if (whenIdle != null && taken.isEmpty() && flushing == null && waiting == null) {
                whenIdle.complete(null);
            }
        });
    }

    private void lose(int tag, Throwable e) {
        String problem = "task 0's flush schedule failed: " + IoErrors.describe(e);
        if (tag == NO_SET) {
            System.err.println("jckpt: " + problem);
            return;
        }
        lost.add(tag);
        fail(tag, problem);
        control.relay(-1, ABANDON, tag);
        if (Objects.equals(waiting, tag)) {
            waiting = null;
        }
        if (Objects.equals(flushing, tag)) {
            flushing = null;
            if (waiting != null) {
                start(waiting);
                waiting = null;
            }
        }
    }

    /** Tells every task the flushes are over; {@code whole}: nothing is left on the local level that a restart needs. */
    void finish(boolean whole) {
        if (whole) {
            // After the drain: this thread sees what the schedule's last did. The job is done; nothing restarts from these.
            localOnly.keySet().forEach(this::deleteLocalSet);
        }
        control.relay(-1, DRAINED, whole ? "1" : "0");
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
