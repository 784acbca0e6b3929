package org.jckpt.engine.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jckpt.api.CheckpointException;
import org.jckpt.control.RequestKind;
import org.jckpt.control.SafePoints;
import org.jckpt.engine.Collective;
import org.jckpt.engine.Engine;
import org.jckpt.engine.ProgramInfo;
import org.jckpt.engine.TaskState;
import org.jckpt.job.JobConfig;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksums;
import org.jckpt.store.IoErrors;
import org.jckpt.store.Progress;
import org.jckpt.store.ProgressLine;
import org.jckpt.store.Retention;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.jckpt.store.SetVerifier;

/**
 * The application-level engine: at an agreed point every task writes its registered state to its
 * task file; task 0 commits the set file once every task reported its file durable.
 */
public final class AppEngine implements Engine {
    private final Collective collective;
    private final JobConfig config;
    private final TaskState state;
    private final ProgramInfo program;
    private final SetNaming naming;
    private final String host;
    private final SafePoints safePoints = new SafePoints();
    private final ControlLink control;
    private final TaskFileWriter writer;
    /** Task 0 deletes superseded sets here, outside the checkpoint pause. */
    private final ExecutorService pruner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jckpt-prune");
        t.setDaemon(true);
        return t;
    });
    /** Tag of the next set; agreed once at start, then counted by every task alike. */
    private int nextTag;

    public AppEngine(Collective collective, JobConfig config, TaskState state, ProgramInfo program, String host) {
        this.collective = collective;
        this.config = config;
        this.state = state;
        this.program = program;
        this.host = host;
        this.naming = SetNaming.resolve(config.ckptDir(), config.ckptFile(), program.mainClass());
        this.control = ControlLink.connect(collective, config, safePoints);
        this.writer = new TaskFileWriter(config.modes());
        this.nextTag = Integer.parseInt(collective.broadcast(collective.rank() == 0 ? Integer.toString(firstFreeTag()) : ""));
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
        try {
            CheckpointSet set = SetFiles.read(setFile);
            set.requireRestartableBy(setFile, JobConfig.APP, collective.size(), program.mainClass());
            CheckpointSet.FileEntry mine = entryOf(set, collective.rank());
            Path file = setFile.toAbsolutePath().getParent().resolve(mine.file());
            SetVerifier.verifyFile(file, mine, progress("checking " + file.getFileName(), mine.size()));
            new TaskFileReader().load(file, state, progress("loading " + file.getFileName(), mine.size()));
        } catch (SetFileException e) {
            problem = e.getMessage();
        } catch (IOException | RuntimeException e) {
            problem = setFile + ": cannot load task " + collective.rank() + " (" + e + ")";
        }
        agreeOrThrow(problem, "restart from " + setFile + " failed: ");
        state.fireRestart();
    }

    private static CheckpointSet.FileEntry entryOf(CheckpointSet set, int task) throws SetFileException {
        String t = Integer.toString(task);
        return set.files().stream().filter(f -> f.task().equals(t)).findFirst()
                .orElseThrow(() -> new SetFileException("set " + set.tag() + " has no file for task " + t));
    }

    @Override
    public Path checkpoint() {
        safePoint();
        return take();
    }

    @Override
    public CompletableFuture<Path> requestCheckpoint() {
        return control.client().requestCheckpoint().thenApply(Path::of);
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
            Path set = take();
            if (collective.rank() == 0) {
                control.client().result(action.request(), true, set.toString());
            }
        } catch (CheckpointException e) {
            // A system-initiated or partial checkpoint failing must not stop the job.
            if (collective.rank() == 0) {
                System.err.println("jckpt: " + e.getMessage());
                control.client().result(action.request(), false, e.getMessage());
            }
        }
        return false;
    }

    /** The collective checkpoint: write, gather reports, commit on task 0, outcome to all. */
    private Path take() {
        int tag = nextTag++;
        state.fireCheckpoint();
        String report = writeMine(tag);
        String[] reports = collective.gather(report);
        String outcome = collective.broadcast(collective.rank() == 0 ? commit(tag, reports) : "");
        state.fireResume();
        if (!outcome.startsWith("OK\t")) {
            discardMine(tag);
            throw new CheckpointException(outcome);
        }
        return Path.of(outcome.substring(3));
    }

    private int firstFreeTag() {
        try {
            var tags = naming.allTags(false);
            return tags.isEmpty() ? 0 : tags.last() + 1;
        } catch (IOException e) {
            return 0; // The write that follows reports the directory's problem.
        }
    }

    /** This task's report: "OK host file size crc" or "FAIL message". */
    private String writeMine(int tag) {
        Path file = naming.taskFile(collective.rank(), tag);
        try {
            long[] crcAndSize = writer.write(state, file, progress("writing " + file.getFileName(), state.knownBytes()));
            return String.join("\t", "OK", host, file.getFileName().toString(),
                    Long.toString(crcAndSize[1]), Checksums.hex(crcAndSize[0]));
        } catch (IOException | RuntimeException e) {
            return "FAIL\ttask " + collective.rank() + " on " + host + " could not write " + file + ": " + IoErrors.describe(e);
        }
    }

    private String commit(int tag, String[] reports) {
        List<CheckpointSet.FileEntry> files = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (int task = 0; task < reports.length; task++) {
            String[] f = reports[task].split("\t");
            if (!f[0].equals("OK")) {
                return "checkpoint " + naming.setFile(tag) + " not committed: " + f[1]
                        + "; the previous set is intact";
            }
            hosts.add(f[1]);
            files.add(new CheckpointSet.FileEntry(Integer.toString(task), f[2], Long.parseLong(f[3]), f[4]));
        }
        CheckpointSet set = new CheckpointSet(SetFiles.FORMAT, JobConfig.APP, program.toSetProgram(),
                reports.length, hosts, tag, Instant.now().toString(), files, Map.of());
        Path setFile = naming.setFile(tag);
        try {
            SetFiles.commit(setFile, set, config.modes());
        } catch (IOException e) {
            return "checkpoint " + setFile + " not committed: " + IoErrors.describe(e) + "; the previous set is intact";
        }
        pruner.execute(() -> prune(setFile, tag));
        return "OK\t" + setFile;
    }

    private void prune(Path setFile, int tag) {
        try {
            Retention.prune(naming, tag, config.keep());
        } catch (IOException e) {
            System.err.println("jckpt: set " + setFile + " committed, but removing old sets failed: " + IoErrors.describe(e));
        }
    }

    /** Task 0 shows its own long reads and writes when the launcher's stderr is a terminal. */
    private Progress progress(String label, long bytes) {
        return ProgressLine.of(collective.rank() == 0 && config.progress(), System.err, "jckpt: " + label, bytes);
    }

    private void discardMine(int tag) {
        try {
            Files.deleteIfExists(naming.taskFile(collective.rank(), tag));
        } catch (IOException ignored) {
            // Left for the next committed set's pruning.
        }
    }

    /** Every task learns the first task's problem, if any, and throws it. */
    private void agreeOrThrow(String problem, String prefix) {
        int firstBad = collective.min(problem.isEmpty() ? Integer.MAX_VALUE : collective.rank());
        if (firstBad == Integer.MAX_VALUE) {
            return;
        }
        String text = firstBad == collective.rank() ? problem : "";
        String[] all = collective.gather(text);
        String message = collective.broadcast(all == null ? "" : Arrays.stream(all)
                .filter(s -> !s.isEmpty()).findFirst().orElse("unknown problem"));
        throw new CheckpointException(prefix + message);
    }

    @Override
    public void close() {
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
