package org.jckpt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jckpt.launch.Hostfile;
import org.jckpt.launch.JobControl;
import org.jckpt.launch.JobRegistry;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.Launcher;
import org.jckpt.launch.RestartChoice;
import org.jckpt.store.FileTrees;
import org.jckpt.store.Levels;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Redundancy;
import org.jckpt.store.RestartSets;
import org.jckpt.store.SetNaming;
import org.jckpt.system.ExternalCommand;

/**
 * {@code jckpt bench --redundancy partner|xor:K --hostfile FILE}: what protecting the node-local
 * level against a node's loss costs and gives, each figure beside its reference in the same run.
 * <ul>
 * <li>Jobs of N tasks of S MiB with {@code --flush-every 0}: each checkpoint alternates with a copy
 * of the state in memory ({@code memcpy_ms}) and with plain TCP moving as much to other hosts
 * ({@code tcp_mbps}); the pause ({@code pause_ms_median_async}); from the pause's end to the local
 * commit, redundancy complete ({@code redundancy_mbps}).</li>
 * <li>A stencil loop's rate alone and while a checkpoint's redundancy is built, one task per host
 * ({@code compute_slowdown}).</li>
 * <li>Restarts, alternated: a set on the local levels whose last host lost its copies, rebuilt
 * from the others' memory ({@code restart_s_partner}), and the same state in the checkpoint
 * directory read with the page cache dropped ({@code restart_s_global}); each is the restart's
 * {@code restore()}, from a barrier to the slowest task, rebuild included.</li>
 * </ul>
 */
final class RedundancyBench {
    private static final String RESTART_PROGRAM = "org.jckpt.examples.RestartBench";
    private static final Duration JOB_BOUND = Duration.ofMinutes(15);
    /** The checkpoint names of the restarts' sets: on the local levels only, and in the checkpoint directory. */
    private static final String LOCAL_NAME = "local";
    private static final String GLOBAL_NAME = "global";

    private final BenchCommand options;
    private final Levels levels;
    private final Path work;
    private final List<String> hosts;
    private final BenchSeries series = new BenchSeries();

    RedundancyBench(BenchCommand options, Levels levels, Path work, List<String> hosts) {
        this.options = options;
        this.levels = levels;
        this.work = work;
        this.hosts = hosts;
    }

    void measure(Map<String, Object> figures) throws Exception {
        try {
            measureAll(figures);
        } finally {
            removeLocalLevels();
        }
    }

    /**
     * The local levels of the bench's checkpoint names on every host: the stopped jobs' sets, which a
     * finished job would have removed, and a killed bench's.
     */
    private void removeLocalLevels() throws IOException {
        for (String name : List.of(BenchCommand.CHECKPOINT_NAME, LOCAL_NAME, GLOBAL_NAME)) {
            for (String host : hosts) {
                Optional<SetNaming> level = LocalLevel.existing(levels.localRootOn(host), new SetNaming(work, name));
                if (level.isPresent()) {
                    FileTrees.delete(level.get().dir());
                }
            }
        }
    }

    private void measureAll(Map<String, Object> figures) throws Exception {
        Levels unprotected = new Levels(true, levels.localRoot(), 0, "none", Redundancy.NONE, 0);
        for (int round = 0; round < options.rounds; round++) {
            Map<String, String> job = checkpoints(levels);
            series.add("pause_async", job.get("pauses_ms"));
            series.add("memcpy", job.get("memcpy_ms_each"));
            series.add("tcp_ms", job.get("tcp_ms_each"));
            series.add("commit_ms", job.get("flush_ms_each"));
            Map<String, String> without = checkpoints(unprotected);
            series.add("commit_ms_without", without.get("flush_ms_each"));
            series.add("tcp_ms", without.get("tcp_ms_each"));
        }
        double bytes = (double) options.tasks * options.mib * (1 << 20);
        double building = series.median("commit_ms") - series.median("commit_ms_without");
        figures.put("memcpy_ms", series.median("memcpy"));
        figures.put("pause_ms_median_async", series.median("pause_async"));
        figures.put("async_target_ms", Math.round((2 * series.median("memcpy") + 5) * 100) / 100.0);
        figures.put("tcp_mbps", Math.round(bytes / 1e6 / (series.median("tcp_ms") / 1e3)));
        figures.put("commit_ms_median", series.median("commit_ms"));
        figures.put("commit_ms_median_without", series.median("commit_ms_without"));
        figures.put("redundancy_mbps", Math.round(bytes / 1e6 / (building / 1e3)));
        computeSlowdown(figures);
        restarts(figures);
        series.putEach(figures);
    }

    /**
     * A job of the bench's checkpoints with {@code protection}: each alternates with a memory copy and
     * a TCP transfer, and is awaited until it commits on the local level.
     */
    private Map<String, String> checkpoints(Levels protection) throws Exception {
        return BenchCommand.job(work, options.tasks, protection, options.hostfile, "--mib", options.mib, "--reps", options.reps,
                "--memcpy", 1, "--tcp", 1, "--await-commit", 1, "--settle-ms", BenchCommand.SETTLE_MS);
    }

    /** One task per host, as the flush's figure has one task per core. */
    private void computeSlowdown(Map<String, Object> figures) throws Exception {
        Path onePerHost = work.resolve("hosts-one-each");
        Files.write(onePerHost, hosts.stream().map(h -> h + " slots=1").toList());
        Map<String, String> compute = BenchCommand.job(work, hosts.size(), levels, onePerHost, "--mib", options.mib,
                "--compute-seconds", options.computeSeconds);
        figures.put("compute_tasks", hosts.size());
        figures.put("compute_slowdown", Double.parseDouble(compute.get("compute_slowdown")));
        figures.put("compute_slowdown_each", compute.get("compute_slowdown_each"));
    }

    /**
     * Sets written by the bench's tasks on all its hosts, one kept on the local levels with its last
     * host's copies lost, one in the checkpoint directory; the restarts on the hosts left, with as
     * many tasks as their slots allow (the sets redistribute), alternated, each from a set written
     * for it.
     */
    private void restarts(Map<String, Object> figures) throws Exception {
        Path report = work.resolve("restart-report");
        String totalMib = Long.toString((long) options.tasks * options.mib);
        List<String> program = List.of("--total-mib", totalMib, "--report", report.toString());
        SetNaming global = new SetNaming(work, GLOBAL_NAME);
        SetNaming local = new SetNaming(work, LOCAL_NAME);
        String lost = hosts.get(hosts.size() - 1);
        List<Hostfile.Entry> left = Hostfile.entries(options.hostfile).stream().filter(e -> !e.host().equals(lost)).toList();
        Path hostsLeft = Files.write(work.resolve("hosts-left"), left.stream().map(Hostfile.Entry::line).toList());
        int tasksLeft = Math.min(options.tasks, left.stream().mapToInt(Hostfile.Entry::slots).sum());
        Levels flushed = new Levels(true, levels.localRoot(), 0, "none");
        boolean dropped = true;
        for (int r = 0; r < options.restartReps; r++) {
            // Written anew each time: this machine's disk may be cached below it, by a VM's host, once read.
            requireStatus(launch(restartJob(options.tasks, options.hostfile, global, program, null).levels(flushed).build()), 0,
                    "the set for the global restarts");
            Path globalSet = global.setFile(global.setTags().last());
            Path localSet = writeLocalSet(local, List.of("--total-mib", totalMib, "--until-stopped", "1"), lost, tasksLeft);
            series.add("restart_s_partner", restore(restartJob(tasksLeft, hostsLeft, local, program, localSet).levels(levels),
                    report));
            dropped &= dropPageCache();
            series.add("restart_s_global", restore(restartJob(tasksLeft, hostsLeft, global, program, globalSet).levels(flushed),
                    report));
        }
        figures.put("restart_s_partner", series.median("restart_s_partner"));
        figures.put("restart_s_global", series.median("restart_s_global"));
        figures.put("restart_lost_host", lost);
        figures.put("restart_tasks", tasksLeft);
        figures.put("page_cache_dropped", dropped);
    }

    /**
     * A set of {@code local}'s name that lives on the local levels only, with its redundancy, the
     * copies {@code lost} held deleted: a job stopped after its checkpoint (as {@code jckpt checkpoint
     * -k} stops one), as a job that lost a node is killed. Returns the set file a restart of
     * {@code tasks} tasks chooses.
     */
    private Path writeLocalSet(SetNaming local, List<String> program, String lost, int tasks) throws Exception {
        JobSpec writer = restartJob(options.tasks, options.hostfile, local, program, null).levels(levels).build();
        ExecutorService launcher = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = launcher.submit(() -> launch(writer));
            JobControl.Answer answer = JobControl.request(JobRegistry.socket(runningJob(run)), true);
            if (!answer.committed()) {
                throw new IOException("the checkpoint of the set to restart from failed: " + answer.text());
            }
            requireStatus(run.get(JOB_BOUND.toMinutes(), TimeUnit.MINUTES), Launcher.EXIT_STOPPED_AFTER_CHECKPOINT,
                    "the job stopped after its checkpoint");
        } finally {
            launcher.shutdownNow();
        }
        Optional<SetNaming> level = LocalLevel.existing(levels.localRootOn(lost), local);
        if (level.isEmpty()) {
            throw new IOException("no local level of " + local.name() + " on " + lost + ", under " + levels.localRootOn(lost));
        }
        FileTrees.delete(level.get().dir());
        Path chosen = RestartChoice.forRestart(null, local.dir().resolve(local.name()), levels.localRootHere(), tasks,
                RestartSets.ProgressFactory.NONE, line -> System.err.println("jckpt: " + line)).setFile();
        if (chosen.getParent().equals(local.dir())) {
            throw new IOException("the restart chose " + chosen + ", not a set on the local level");
        }
        return chosen;
    }

    /** This launcher's job, once it is registered (its pid is this process's); fails if the job ended first. */
    private static Path runningJob(Future<Integer> run) throws Exception {
        JobRegistry registry = new JobRegistry(System.getenv());
        String pid = Long.toString(ProcessHandle.current().pid());
        for (long end = System.nanoTime() + JOB_BOUND.toNanos(); System.nanoTime() < end; Thread.sleep(50)) {
            Optional<Path> dir = registry.find(pid);
            if (dir.isPresent()) {
                return dir.get();
            }
            if (run.isDone()) {
                throw new IOException("the job that was to write the set ended with status " + run.get());
            }
        }
        throw new IOException("the job that was to write the set did not start within " + JOB_BOUND.toMinutes() + " minutes");
    }

    /** RestartBench, {@code tasks} tasks on {@code hostfile}'s hosts, checkpointing to {@code naming}, from {@code restartSet}. */
    private static JobSpec.Builder restartJob(int tasks, Path hostfile, SetNaming naming, List<String> program, Path restartSet) {
        return JobSpec.builder(tasks, RESTART_PROGRAM, program).hostfile(hostfile)
                .checkpoints(naming.dir().toString(), naming.name()).restartFrom(restartSet);
    }

    /** Seconds of {@code restart}'s restore(), as its task 0 reported them. */
    private static double restore(JobSpec.Builder restart, Path report) throws Exception {
        Files.deleteIfExists(report);
        JobSpec spec = restart.build();
        requireStatus(launch(spec), 0, "the restart from " + spec.restartSet());
        String[] f = Files.readString(report).strip().split(" ");
        return Math.round(Long.parseLong(f[2]) / 1e6) / 1e3;
    }

    /** Empties the page cache (root only), so that a set in the checkpoint directory is read from its disk. */
    private static boolean dropPageCache() throws IOException, InterruptedException {
        ExternalCommand.Result sync = ExternalCommand.run(Duration.ofMinutes(5), "sync");
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
            return sync.ok();
        } catch (IOException notRoot) {
            System.err.println("bench: the page cache cannot be dropped (" + notRoot.getMessage() + "): restart_s_global"
                    + " reads what the cache holds");
            return false;
        }
    }

    private static int launch(JobSpec spec) throws Exception {
        return new Launcher(Home.get(), System.getenv(), System.err).run(spec);
    }

    private static void requireStatus(int status, int expected, String what) throws IOException {
        if (status != expected) {
            throw new IOException(what + " ended with status " + status + " (expected " + expected + ")");
        }
    }
}
