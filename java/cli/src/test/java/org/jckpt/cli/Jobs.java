package org.jckpt.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.store.SetNaming;

/** Helpers for tests that run, watch and kill whole checkpointed jobs. */
final class Jobs {
    private static final Pattern JOB_ID = Pattern.compile("jckpt: job ([0-9a-f]+) started");
    private static final Pattern LOCAL_LEVEL = Pattern.compile("checkpoints pause for a copy to (\\S+) \\(");
    /** A task's rank as Open MPI's launcher, then MPICH's Hydra, tells it. */
    private static final List<String> RANK_VARIABLES = List.of("OMPI_COMM_WORLD_RANK", "PMI_RANK");

    private Jobs() {
    }

    /** The job id the launcher printed, once it has. */
    static String jobId(Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < end; ) {
            Matcher m = JOB_ID.matcher(job.errText());
            if (m.find()) {
                return m.group(1);
            }
            if (!job.process().isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no job id printed: " + job.errText());
    }

    /** The node-local level a job's stderr {@code err} names: its own directory, not a killed job's of the same name. */
    static Path localLevel(String err) {
        return namedLocalLevel(err).orElseThrow(() -> new AssertionError("the job names no node-local level: " + err));
    }

    /**
     * A regular expression of where a job whose stderr is {@code err} may restart from: its checkpoint
     * directory {@code dir}, or its node-local level when it names one (its newest set not flushed yet).
     */
    static String setDirectories(String err, Path dir) {
        return "(" + Pattern.quote(dir.toString()) + namedLocalLevel(err).map(l -> "|" + Pattern.quote(l.toString())).orElse("") + ")";
    }

    private static Optional<Path> namedLocalLevel(String err) {
        Matcher m = LOCAL_LEVEL.matcher(err);
        return m.find() ? Optional.of(Path.of(m.group(1))) : Optional.empty();
    }

    /** Waits until {@code naming} has at least {@code count} committed sets. */
    static void awaitSets(SetNaming naming, int count, Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + Duration.ofSeconds(120).toNanos(); System.nanoTime() < end; ) {
            if (naming.setTags().size() >= count) {
                return;
            }
            if (!job.process().isAlive() && naming.setTags().size() < count) { // a set may commit as the job ends
                throw new AssertionError("job ended before " + count + " sets committed: " + job.errText());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + count + " committed sets: " + job.errText());
    }

    /** Waits until {@code naming} has at least {@code count} committed sets, for a job the test only sees through its files. */
    static void awaitSets(SetNaming naming, int count, Duration timeout) throws Exception {
        for (long end = System.nanoTime() + timeout.toNanos(); naming.setTags().size() < count; Thread.sleep(100)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + count + " committed sets in " + naming.dir() + " within " + timeout);
            }
        }
    }

    /**
     * Waits until {@code naming} lists a set newer than {@code tag} (-1: any); returns its tag. Not a
     * count of sets: retention ({@code --keep}) caps how many there are.
     */
    static int awaitSetAfter(SetNaming naming, int tag, Duration timeout) throws Exception {
        for (long end = System.nanoTime() + timeout.toNanos(); ; Thread.sleep(20)) {
            SortedSet<Integer> newer = naming.setTags().tailSet(tag + 1);
            if (!newer.isEmpty()) {
                return newer.first();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no set newer than " + tag + " in " + naming.dir() + " within " + timeout);
            }
        }
    }

    /** Waits until {@code file} exists. */
    static void awaitFile(Path file, Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < end; ) {
            if (Files.exists(file)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(file + " never appeared: " + job.errText());
    }

    /** How far a Heat job's newest set in {@code ck} got: a one-task restart of a copy of it that stops at once. */
    static long heatIterationOfNewestSet(Path ck, int n) throws Exception {
        Path copy = Files.createTempDirectory("probe");
        try (Stream<Path> files = Files.list(ck)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Cli.Result probe = Cli.run("run", "-np", "1", "--ckpt-dir", copy.toString(), "--restart", "auto",
                "--", "org.jckpt.examples.Heat", "--n", Integer.toString(n), "--iters", "0");
        Matcher m = Pattern.compile("restarted at iteration (\\d+)").matcher(probe.out());
        if (probe.status() != 0 || !m.find()) {
            throw new AssertionError("no iteration from a restart of " + ck + ": " + probe);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * The thread dumps of the job's JVMs (launcher and tasks), written to a file under the build
     * directory, whose path is returned: what a test that found a job stuck leaves to look at.
     */
    static Path threadDumps(Cli.Running job) throws Exception {
        StringBuilder dumps = new StringBuilder();
        List<ProcessHandle> all = new ArrayList<>(job.process().descendants().toList());
        all.add(0, job.process().toHandle());
        for (ProcessHandle p : all) {
            if (p.info().command().orElse("").endsWith("/java")) {
                Process jcmd = new ProcessBuilder("jcmd", Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
                String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor(1, TimeUnit.MINUTES);
                dumps.append("=== pid ").append(p.pid()).append(" rank ").append(rankOf(p)).append('\n').append(dump);
            }
        }
        Path file = Cli.HOME.resolve("java/cli/target/thread-dumps-" + job.process().pid() + ".txt");
        return Files.writeString(file, dumps);
    }

    /** The pid of the task with MPI rank {@code rank} among the job's processes. */
    static ProcessHandle task(Cli.Running job, int rank) throws Exception {
        return find(job, rank).orElseThrow(() -> new AssertionError("no task of rank " + rank));
    }

    /** Task {@code rank} of the job, looked for until it runs: a job's task exists from its start to its end. */
    static ProcessHandle awaitTask(Cli.Running job, int rank) throws Exception {
        for (long end = System.nanoTime() + Duration.ofMinutes(5).toNanos(); ; Thread.sleep(20)) {
            Optional<ProcessHandle> task = find(job, rank);
            if (task.isPresent()) {
                return task.get();
            }
            if (!job.process().isAlive() || System.nanoTime() > end) {
                throw new AssertionError("no task of rank " + rank + " seen running: " + job.errText());
            }
        }
    }

    private static Optional<ProcessHandle> find(Cli.Running job, int rank) {
        try (Stream<ProcessHandle> all = job.process().descendants()) {
            return all.filter(p -> rank == rankOf(p)).findFirst();
        }
    }

    private static int rankOf(ProcessHandle p) {
        try {
            String env = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"));
            for (String kv : env.split("\0")) {
                for (String rankVariable : RANK_VARIABLES) {
                    if (kv.startsWith(rankVariable + "=")) {
                        return Integer.parseInt(kv.substring(rankVariable.length() + 1));
                    }
                }
            }
        } catch (Exception e) {
            // The process is gone or not ours: not a task.
        }
        return -1;
    }
}
