package org.jckpt.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.RestartSets;
import org.jckpt.store.RestartSets.VerifiedSet;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetNaming;

/**
 * {@code --max-restarts N}: a job that fails (a task killed or exiting non-zero, a task lost by
 * mpirun) after it committed a set runs again from the newest valid set, up to N times, inside the
 * same launcher, as Charm++'s automatic fault tolerance and SCR's {@code scr_srun} do inside one
 * allocation. A restart is another run of the same job from that set: each engine restarts its own
 * way behind {@link LaunchEngine}. A run that commits no set before it fails is not run again: it
 * would fail the same way, from the same set or from nothing.
 */
public final class AutoRestart {
    private final Launcher launcher;
    private final int maxRestarts;
    private final Map<String, String> env;
    private final PrintStream err;

    public AutoRestart(Launcher launcher, int maxRestarts, Map<String, String> env, PrintStream err) {
        this.launcher = launcher;
        this.maxRestarts = maxRestarts;
        this.env = env;
        this.err = err;
    }

    /** Runs {@code job} and its automatic restarts; returns the last run's exit status. */
    public int run(JobSpec job) throws LaunchException, IOException, InterruptedException {
        if (maxRestarts == 0) {
            return launcher.run(job);
        }
        Optional<JobHosts> hosts = JobHosts.of(job, launcher);
        // Hostfiles without the failed hosts live in a private directory for as long as the job.
        Path dir = hosts.isEmpty() ? null : new JobRegistry(env).createLauncherDirectory(ProcessHandle.current().pid());
        try {
            JobSpec spec = job;
            while (true) {
                int newestBefore = newestTag(spec);
                JobEnd end = launcher.attempt(spec);
                Optional<JobSpec> older = end.status() == RestartSets.EXIT_DAMAGED_SET ? fallBack(spec) : Optional.empty();
                if (older.isPresent()) {
                    spec = older.get();
                    continue;
                }
                Optional<JobSpec> next = end.kind() == JobEnd.Kind.FAILED ? restartAfter(spec, end, newestBefore, hosts, dir)
                        : Optional.empty();
                if (next.isEmpty()) {
                    say(spec.restarts() + " automatic restart" + (spec.restarts() == 1 ? "" : "s"));
                    return end.status();
                }
                spec = next.get();
            }
        } finally {
            if (dir != null) {
                FileTrees.delete(dir);
            }
        }
    }

    /**
     * The run after {@code failed}, from the newest valid set if a set committed during it, on the
     * hosts that still answer, with fewer tasks if they must and the set allows; empty, having said
     * why, when there is none.
     */
    private Optional<JobSpec> restartAfter(JobSpec failed, JobEnd end, int newestBefore, Optional<JobHosts> hosts, Path dir)
            throws IOException, InterruptedException {
        String what = "job failed (" + end.cause() + ")";
        int restarts = failed.restarts();
        if (restarts == maxRestarts) {
            say(what + "; no automatic restart left (--max-restarts " + maxRestarts + ")");
            return Optional.empty();
        }
        Optional<VerifiedSet> set;
        try {
            set = RestartChoice.afterFailure(failed, this::say);
        } catch (SetFileException e) {
            say(what + "; not restarting: " + e.getMessage());
            return Optional.empty();
        }
        if (set.isEmpty() || SetNaming.tagOf(set.get().setFile()) <= newestBefore) {
            say(what + (failed.restartSet() == null ? " before it committed a checkpoint set"
                    : " again from " + failed.restartSet() + ", and no newer set committed since (no progress)")
                    + "; not restarting");
            return Optional.empty();
        }
        SurvivingHosts.NextRun next = new SurvivingHosts.NextRun(failed.hostfile(), failed.tasks(), List.of());
        if (hosts.isPresent()) {
            try {
                next = new SurvivingHosts(hosts.get()::probe, this::say)
                        .after(hosts.get().of(failed), failed.tasks(), set.get(), dir, "hostfile." + (restarts + 1));
            } catch (LaunchException | IOException e) {
                say(what + "; cannot restart: " + e.getMessage());
                return Optional.empty();
            }
        }
        Path from = set.get().setFile();
        say(what + "; restart " + (restarts + 1) + " of " + maxRestarts
                + (next.tasks() == failed.tasks() ? "" : " with " + next.tasks() + " tasks (was " + failed.tasks() + ")")
                + " from " + from + dropped(next.dropped()));
        return Optional.of(failed.toBuilder().tasks(next.tasks()).hostfile(next.hostfile()).restartFrom(from)
                .restarts(restarts + 1).build());
    }

    /**
     * The same run from the set before {@code spec}'s, whose tasks found it damaged or could not
     * rebuild it from the nodes they had; empty, having said why, when there is none.
     */
    private Optional<JobSpec> fallBack(JobSpec spec) {
        if (spec.restartSet() == null) {
            return Optional.empty();
        }
        try {
            return RestartChoice.previous(spec, RestartSets.ProgressFactory.NONE, this::say)
                    .map(set -> spec.toBuilder().restartFrom(set.setFile()).build());
        } catch (SetFileException | IOException e) {
            say("no set to fall back to: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String dropped(List<String> hosts) {
        return hosts.isEmpty() ? "" : ": " + (hosts.size() == 1 ? "host " : "hosts ") + String.join(", ", hosts) + " dropped";
    }

    /**
     * The tag of the job's newest committed set, in the checkpoint directory or on this node's local
     * level, -1 for none: a failed run made progress if it committed a newer one.
     */
    private static int newestTag(JobSpec spec) throws IOException {
        SetNaming global = SetNaming.resolve(spec.ckptDir(), spec.ckptFile(), spec.mainClass());
        SortedSet<Integer> tags = new TreeSet<>(global.setTags());
        Optional<SetNaming> local = LocalLevel.existing(spec.levels().localRootHere(), global);
        if (local.isPresent()) {
            tags.addAll(local.get().setTags());
        }
        return tags.isEmpty() ? -1 : tags.last();
    }

    private void say(String line) {
        err.println("jckpt: " + line);
    }
}
