package org.jckpt.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jckpt.system.DaemonThreads;

/**
 * Hydra's mpiexec waits for ever when a proxy dies (SIGKILL, the OOM killer) while its tasks live
 * on, orphaned: tasks that are not in the middle of an MPI call do not notice. This watch ends such
 * a job: one of its tasks on this host (a process of this run carrying its job id) is no longer
 * under mpiexec, for longer than Hydra would take to clean up itself. Tasks on other hosts run
 * behind the remote shell, out of sight.
 */
final class HydraOrphanWatch implements LauncherWatch {
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Hydra's own cleanup after a death takes moments; an orphan this much later is Hydra's hang. */
    private static final Duration GRACE = Duration.ofSeconds(20);

    private final ProcessHandle mpiexec;
    private final Instant started;
    private final String jobMark;
    private final PrintStream err;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("jckpt-hydra-watch"));
    private long orphansSince = -1;
    private volatile String endedJob;

    private HydraOrphanWatch(ProcessHandle mpiexec, String jobId, PrintStream err) {
        this.mpiexec = mpiexec;
        this.started = mpiexec.info().startInstant().orElse(Instant.now());
        this.jobMark = "JCKPT_JOB=" + jobId;
        this.err = err;
    }

    static HydraOrphanWatch start(ProcessHandle mpiexec, String jobId, PrintStream err) {
        HydraOrphanWatch watch = new HydraOrphanWatch(mpiexec, jobId, err);
        watch.timer.scheduleWithFixedDelay(watch::look, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void look() {
        if (!mpiexec.isAlive() || endedJob != null) {
            return;
        }
        List<ProcessHandle> orphans = orphans();
        if (orphans.isEmpty()) {
            orphansSince = -1;
        } else if (orphansSince < 0) {
            orphansSince = System.nanoTime();
        } else if (System.nanoTime() - orphansSince > GRACE.toNanos()) {
            endJob(orphans);
        }
    }

    /** This run's tasks on this host that are not under mpiexec any more. */
    private List<ProcessHandle> orphans() {
        Set<Long> ours = mpiexec.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        ours.add(mpiexec.pid()); // which has the tasks' environment too
        ours.add(ProcessHandle.current().pid());
        return ProcessHandle.allProcesses()
                .filter(p -> !ours.contains(p.pid()))
                .filter(p -> p.info().startInstant().map(t -> !t.isBefore(started)).orElse(false))
                .filter(this::ofThisJob).toList();
    }

    private boolean ofThisJob(ProcessHandle p) {
        try {
            String env = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"), StandardCharsets.ISO_8859_1);
            return Arrays.asList(env.split("\0")).contains(jobMark);
        } catch (IOException | SecurityException e) {
            return false; // gone, or another user's
        }
    }

    private void endJob(List<ProcessHandle> orphans) {
        endedJob = "Hydra's proxy died and left " + orphans.size() + " task" + (orphans.size() == 1 ? "" : "s")
                + " running outside mpiexec, which would have waited for ever";
        err.println("jckpt: " + endedJob + ": ending the job");
        orphans.forEach(ProcessHandle::destroyForcibly);
        mpiexec.descendants().forEach(ProcessHandle::destroyForcibly);
        mpiexec.destroyForcibly();
    }

    @Override
    public Optional<String> endedJob() {
        return Optional.ofNullable(endedJob);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
