package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Redundancy;
import org.jckpt.store.RestartSets;
import org.jckpt.store.RestartSets.VerifiedSet;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.jckpt.store.SetVerifier;
import org.jckpt.system.Hosts;

/**
 * Which set a run or a restart starts from: {@code run --restart auto|never|SETFILE},
 * {@code restart SETFILE}, {@code restart --latest DIR/NAME} and an automatic restart after a
 * failure ({@link AutoRestart}) all choose here, before any task starts: sets of format 3 on are
 * checked for presence and sizes (each task checks the blocks it reads, so a restart reads the data
 * once), older sets have every file's checksum checked. A job of another task count than the set's
 * is allowed when every item can be redistributed.
 */
public final class RestartChoice {
    public static final String AUTO = "auto";
    public static final String NEVER = "never";

    private RestartChoice() {
    }

    /**
     * {@code run --restart CHOICE}: the set to restart from, checked against this run's engine,
     * task count and program; empty for a fresh start.
     */
    public static Optional<VerifiedSet> forRun(String choice, SetNaming naming, Path localRoot, String engine, int tasks,
                                               String mainClass, RestartSets.ProgressFactory progress, Consumer<String> say)
            throws SetFileException, IOException {
        Optional<VerifiedSet> set = switch (choice) {
            case NEVER -> Optional.empty();
            case AUTO -> newestValid(naming, localRoot, progress, say);
            default -> Optional.of(RestartSets.verified(Path.of(choice).toAbsolutePath(), progress));
        };
        requireRestartable(set, engine, tasks, mainClass);
        if (set.isPresent()) {
            say.accept("restarting from " + set.get().setFile() + (choice.equals(AUTO) ? " (the newest committed set)" : "")
                    + level(set.get(), naming) + redistributed(set.get(), tasks));
        }
        return set;
    }

    /**
     * After {@code job} failed: the newest valid set of its checkpoint name (falling back as
     * {@code --latest} does), checked against its engine, task count and program; empty when none
     * has committed.
     */
    static Optional<VerifiedSet> afterFailure(JobSpec job, Consumer<String> say) throws SetFileException, IOException {
        SetNaming naming = SetNaming.resolve(job.ckptDir(), job.ckptFile(), job.mainClass());
        Optional<VerifiedSet> set = newestValid(naming, job.levels().localRootHere(), RestartSets.ProgressFactory.NONE, say);
        requireRestartable(set, job.engine().id(), job.tasks(), job.mainClass());
        return set;
    }

    /**
     * As {@link RestartSets#newestValid}, also among the sets still on this node's local level under
     * {@code localRoot}: a job killed after its pause and before its flush committed, or whose sets
     * are flushed only now and then ({@code --flush-every}), left a newer set there. Such a set is
     * used when all its tasks ran on this node, after every checksum of it is checked, or when it is
     * protected against the loss of a node ({@code --redundancy}): its tasks then rebuild it from
     * the nodes they run on, and check it. A global set of the same tag wins.
     */
    static Optional<VerifiedSet> newestValid(SetNaming naming, Path localRoot, RestartSets.ProgressFactory progress,
                                             Consumer<String> warn) throws SetFileException, IOException {
        return newestValidBefore(naming, localRoot, Integer.MAX_VALUE, progress, warn);
    }

    /** As {@link #newestValid}, among the sets with a tag below {@code tagLimit}. */
    private static Optional<VerifiedSet> newestValidBefore(SetNaming naming, Path localRoot, int tagLimit,
                                                           RestartSets.ProgressFactory progress, Consumer<String> warn)
            throws SetFileException, IOException {
        Optional<SetNaming> local = LocalLevel.existing(localRoot, naming);
        SortedSet<Integer> globalTags = naming.setTags().headSet(tagLimit);
        int newestGlobal = globalTags.isEmpty() ? -1 : globalTags.last();
        if (local.isPresent() && newestGlobal + 1 < tagLimit) {
            for (int tag : local.get().setTags().subSet(newestGlobal, false, tagLimit, false).descendingSet()) {
                Path candidate = local.get().setFile(tag);
                try {
                    return Optional.of(verifiedHere(candidate, progress));
                } catch (SetFileException e) {
                    warn.accept(e.getMessage() + "; passing over the node-local level's set " + tag);
                }
            }
        }
        return RestartSets.newestValidBefore(naming, tagLimit, progress, warn);
    }

    private static VerifiedSet verifiedHere(Path setFile, RestartSets.ProgressFactory progress) throws SetFileException {
        CheckpointSet set = SetFiles.read(setFile);
        if (set.hosts().stream().allMatch(Hosts::isThisHost)) {
            return new VerifiedSet(setFile, SetVerifier.verify(setFile, progress.forBytes(set.totalSize())));
        }
        if (!Redundancy.of(set).none()) {
            return new VerifiedSet(setFile, set);
        }
        throw new SetFileException(setFile + ": its tasks ran on " + String.join(",", new TreeSet<>(set.hosts()))
                + ", whose local levels this node cannot read, and it has no redundancy to rebuild them from");
    }

    private static void requireRestartable(Optional<VerifiedSet> set, String engine, int tasks, String mainClass)
            throws SetFileException {
        if (set.isPresent()) {
            set.get().set().requireRestartableBy(set.get().setFile(), engine, tasks, mainClass);
        }
    }

    /**
     * {@code restart [-np TASKS] SETFILE}, or with {@code latest} the newest valid set of
     * {@code DIR/NAME}; {@code tasks} null for the set's own count.
     */
    public static VerifiedSet forRestart(Path setFile, Path latest, Path localRoot, Integer tasks,
                                         RestartSets.ProgressFactory progress, Consumer<String> say)
            throws SetFileException, IOException {
        VerifiedSet chosen;
        if (setFile != null) {
            chosen = RestartSets.verified(setFile.toAbsolutePath(), progress);
        } else {
            Path p = latest.toAbsolutePath();
            SetNaming naming = new SetNaming(p.getParent(), p.getFileName().toString());
            chosen = newestValid(naming, localRoot, progress, say)
                    .orElseThrow(() -> new IllegalArgumentException("no checkpoint set " + p + ".<tag> exists"));
            String level = level(chosen, naming);
            if (!level.isEmpty()) {
                say.accept("restarting from " + chosen.setFile() + level);
            }
        }
        requireTasks(chosen, tasks);
        return chosen;
    }

    /**
     * The set to fall back to after the tasks of {@code job} found its restart set damaged, or could
     * not rebuild it: the newest valid set before it, on either level; empty when there is none.
     */
    public static Optional<VerifiedSet> previous(JobSpec job, RestartSets.ProgressFactory progress, Consumer<String> say)
            throws SetFileException, IOException {
        Path damaged = job.restartSet();
        int tasks = job.tasks();
        SetNaming global = SetNaming.resolve(job.ckptDir(), job.ckptFile(), job.mainClass());
        Optional<VerifiedSet> previous = newestValidBefore(global, job.levels().localRootHere(), SetNaming.tagOf(damaged),
                progress, say);
        if (previous.isPresent()) {
            requireTasks(previous.get(), tasks);
            say.accept("falling back to the previous committed set " + previous.get().setFile() + redistributed(previous.get(), tasks));
        }
        return previous;
    }

    private static void requireTasks(VerifiedSet chosen, Integer tasks) throws SetFileException {
        CheckpointSet set = chosen.set();
        set.requireRestartableBy(chosen.setFile(), set.engine(), tasks == null ? set.tasks() : tasks, set.program().mainClass());
    }

    /** Says so when {@code chosen} is on the node-local level rather than in {@code global}'s directory. */
    private static String level(VerifiedSet chosen, SetNaming global) {
        if (chosen.setFile().getParent().equals(global.dir())) {
            return "";
        }
        Redundancy redundancy = Redundancy.of(chosen.set());
        return redundancy.none() ? " (on the node-local level: it was not flushed to " + global.dir() + ")"
                : " (on the node-local level, protected by " + redundancy.text() + " redundancy: the tasks rebuild what lost"
                + " nodes held)";
    }

    private static String redistributed(VerifiedSet chosen, int tasks) {
        int written = chosen.set().tasks();
        return written == tasks ? "" : ", written by " + written + " tasks, with " + tasks + " (its state redistributed)";
    }
}
