package org.jckpt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.engine.app.taskfile.codec.CodecFigures;
import org.jckpt.launch.CheckpointDirectory;
import org.jckpt.launch.Hostfile;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.Launcher;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.Levels;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Redundancy;
import org.jckpt.system.ExternalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the application-level engine on DIR, every figure in the same run: dd's write"
                + " throughput for N x S MiB; N tasks checkpointing S MiB each, synchronously and with the background"
                + " flush in alternating jobs, each checkpoint alternating with a copy of the same state in memory (the"
                + " floor); the flush's throughput; a compute loop's slowdown while a flush runs (2 tasks); an empty"
                + " checkpoint's pause on tmpfs (after 25 untimed ones), each alternating with an MPI reduction (the floor"
                + " of any agreement); an idle poll(). Checkpoints begin 50 ms after the previous one's end. With"
                + " --redundancy and --hostfile, the redundancy's figures instead (docs/redundancy.md). Human lines"
                + " go to stderr; --json prints one JSON object.")
final class BenchCommand implements Callable<Integer> {
    private static final Pattern DD_RATE = Pattern.compile("(\\d+) bytes .* copied, ([0-9.]+) s");
    private static final Pattern FIGURE = Pattern.compile("(\\w+) (.+)");
    private static final int HEAT_N = 2048;
    private static final int HEAT_ITERS = 1000;
    /** Between a checkpoint's end (its commit, when awaited) and the next: a program's are minutes apart. */
    static final int SETTLE_MS = 50;
    /** The checkpoint name of the benchmark jobs' sets. */
    static final String CHECKPOINT_NAME = "bench";
    /** Untimed empty checkpoints first, as a benchmark harness warms up: the JIT compiles the pause's code. */
    private static final int EMPTY_WARMUP = 25;
    private static final int EMPTY_REPS = 100;

    @Option(names = "-np", defaultValue = "4", description = "tasks (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--mib", defaultValue = "256", description = "MiB per task (default: ${DEFAULT-VALUE})")
    int mib;

    @Option(names = "--reps", defaultValue = "5", description = "checkpoints per job (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--rounds", defaultValue = "2", description = "alternations of a synchronous and a background-flush job"
            + " (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--compute-seconds", defaultValue = "5", description = "the compute loop's time alone (default: ${DEFAULT-VALUE})")
    int computeSeconds;

    @Option(names = "--dir", defaultValue = ".", description = "directory to write in (default: the current one)")
    Path dir;

    @Option(names = "--json", description = "print the figures as one JSON object on stdout")
    boolean json;

    @Option(names = "--redundancy", paramLabel = "partner|xor[:K]",
            description = "measure this redundancy instead, on the hosts of --hostfile (see RedundancyBench's figures in"
                    + " docs/redundancy.md): the pause and the rate of building it (--flush-every 0) beside memcpy and plain TCP"
                    + " between the tasks, a compute loop's slowdown while it is built (one task per host), and a restart that"
                    + " rebuilds the last host's copies from the others' memory beside one from DIR with the page cache dropped")
    String redundancy;

    @Option(names = "--hostfile", paramLabel = "FILE", description = "with --redundancy: the hosts, two at least")
    Path hostfile;

    @Option(names = "--local-dir", paramLabel = "DIR", defaultValue = "/dev/shm/%h",
            description = "with --redundancy: the node-local level; %%h stands for the host's name (default: ${DEFAULT-VALUE})")
    Path localDir;

    @Option(names = "--restart-reps", defaultValue = "3", description = "with --redundancy: restarts of each kind"
            + " (default: ${DEFAULT-VALUE})")
    int restartReps;

    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final BenchSeries series = new BenchSeries();

    @Override
    public Integer call() throws Exception {
        Path work = dir.toAbsolutePath().resolve("jckpt-bench");
        CheckpointDirectory.requireWritable(dir.toAbsolutePath());
        RedundancyBench protection = redundancy == null ? null : redundancyBench(work);
        FileModes.OWNER_ONLY.createDirectories(work);
        try {
            long dd = ddMbps(work, (long) tasks * mib);
            figures.put("dd_mbps", dd);
            System.err.printf("dd bs=1M count=%d conv=fdatasync on %s: %d MB/s%n", (long) tasks * mib, work, dd);
            if (protection != null) {
                protection.measure(figures);
            } else {
                flushBench(work);
            }
        } finally {
            FileTrees.delete(work);
        }
        System.err.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        }
        return 0;
    }

    /** The flush's figures on this host, in the same run as dd's. */
    private void flushBench(Path work) throws Exception {
        for (int round = 0; round < rounds; round++) {
            collect("sync", job(work, tasks, false, "--mib", mib, "--reps", reps, "--memcpy", 1, "--settle-ms", SETTLE_MS));
            collect("async", job(work, tasks, true, "--mib", mib, "--reps", reps, "--memcpy", 1, "--await-commit", 1,
                    "--settle-ms", SETTLE_MS));
        }
        summarise();
        Map<String, String> compute = job(work, 2, true, "--mib", mib, "--compute-seconds", computeSeconds);
        figures.put("compute_slowdown", Double.parseDouble(compute.get("compute_slowdown")));
        figures.put("compute_slowdown_each", compute.get("compute_slowdown_each"));
        emptyOnTmpfs();
        codecs();
    }

    /** The redundancy's bench, once its options hold: a scheme, and a hostfile of two hosts at least. */
    private RedundancyBench redundancyBench(Path work) throws Exception {
        Redundancy scheme = Redundancy.parse(redundancy);
        if (scheme.none()) {
            throw new IllegalArgumentException("--redundancy takes partner or xor[:K] (without it, bench measures the flush)");
        }
        if (hostfile == null) {
            throw new IllegalArgumentException("--redundancy needs --hostfile: it protects against a host's loss, so it is"
                    + " measured on two hosts at least");
        }
        if (!Files.isRegularFile(hostfile)) {
            throw new IllegalArgumentException("--hostfile " + hostfile + " is not a file");
        }
        if (rounds < 1 || reps < 1 || restartReps < 1) {
            throw new IllegalArgumentException("--rounds, --reps and --restart-reps must be at least 1");
        }
        List<String> hosts = Hostfile.hosts(hostfile).stream().distinct().toList();
        if (hosts.size() < 2) {
            throw new IllegalArgumentException("--redundancy needs two hosts at least; " + hostfile + " names " + hosts);
        }
        Levels levels = new Levels(true, localDir.toAbsolutePath(), 0, "none", scheme, 0);
        figures.put("redundancy", scheme.text());
        figures.put("hosts", hosts);
        return new RedundancyBench(this, levels, work, hosts);
    }

    /** One benchmark job of {@code n} tasks on {@code work}, on this host; its task 0's figures. */
    private static Map<String, String> job(Path work, int n, boolean async, Object... args) throws Exception {
        return job(work, n, new Levels(async, LocalLevel.DEFAULT_ROOT, 0, "none"), null, args);
    }

    /** One benchmark job of {@code n} tasks on {@code work} with {@code levels}, on {@code hostfile}'s hosts (null: here). */
    static Map<String, String> job(Path work, int n, Levels levels, Path hostfile, Object... args) throws Exception {
        Path figuresFile = work.resolve("figures");
        List<String> programArgs = new ArrayList<>();
        Arrays.stream(args).map(String::valueOf).forEach(programArgs::add);
        programArgs.addAll(List.of("--figures", figuresFile.toString()));
        JobSpec spec = JobSpec.builder(n, "org.jckpt.examples.CheckpointBench", programArgs).hostfile(hostfile)
                .checkpoints(work.toString(), CHECKPOINT_NAME).keep(1).levels(levels).build();
        System.err.println("bench: " + n + " tasks, " + (levels.async() ? "background flush" : "synchronous")
                + (levels.redundancy().none() ? "" : ", --redundancy " + levels.redundancy().text()) + ", " + programArgs);
        int status = new Launcher(Home.get(), System.getenv(), System.err).run(spec);
        if (status != 0) {
            throw new IOException("the benchmark job ended with status " + status);
        }
        Map<String, String> read = new HashMap<>();
        for (String line : Files.readAllLines(figuresFile)) {
            Matcher m = FIGURE.matcher(line);
            if (m.matches()) {
                read.put(m.group(1), m.group(2));
            }
        }
        Files.delete(figuresFile);
        return read;
    }

    /** Adds one job's single measurements to the series of its mode. */
    private void collect(String mode, Map<String, String> job) {
        series.add("pause_" + mode, job.get("pauses_ms"));
        series.add("memcpy", job.get("memcpy_ms_each"));
        if (job.containsKey("flush_mbps")) {
            series.add("flush_mbps", job.get("flush_mbps"));
        }
    }

    private void summarise() {
        figures.put("memcpy_ms", series.median("memcpy"));
        figures.put("pause_ms_median_sync", series.median("pause_sync"));
        figures.put("pause_ms_median_async", series.median("pause_async"));
        figures.put("flush_mbps", Math.round(series.median("flush_mbps")));
        series.putEach(figures);
        double memcpy = series.median("memcpy");
        figures.put("async_target_ms", Math.round((2 * memcpy + 5) * 100) / 100.0);
    }

    /** An empty state's checkpoint with the checkpoint directory on tmpfs: what remains is jckpt's coordination. */
    private void emptyOnTmpfs() throws Exception {
        Path memory = FileModes.OWNER_ONLY.createDirectories(LocalLevel.DEFAULT_ROOT.resolve("jckpt-bench-" + ProcessHandle.current().pid()));
        try {
            Map<String, String> empty = job(memory, tasks, true, "--mib", 0, "--warmup", EMPTY_WARMUP, "--reps", EMPTY_REPS,
                    "--mpi-floor", 1, "--await-commit", 1, "--settle-ms", SETTLE_MS, "--polls", 100_000_000);
            figures.put("empty_pause_ms_median_tmpfs", Double.parseDouble(empty.get("pause_ms_median")));
            figures.put("empty_pause_ms_each", BenchSeries.numbers(empty.get("pauses_ms")));
            figures.put("mpi_floor_ms", Double.parseDouble(empty.get("mpi_floor_ms")));
            figures.put("poll_ns", Double.parseDouble(empty.get("poll_ns")));
        } finally {
            FileTrees.delete(memory);
        }
    }

    /**
     * zstd level 1 and lz4 (both byte-shuffled, through the flush's own code) on Heat's grid: its
     * initial condition (the top row at 1) after {@link #HEAT_ITERS} of its Jacobi sweeps, serially.
     */
    private void codecs() {
        CodecFigures f = CodecFigures.measure(heatGrid(HEAT_N, HEAT_ITERS));
        figures.put("codec_field", "Heat n " + HEAT_N + " after " + HEAT_ITERS + " iterations");
        figures.put("zstd_ratio", f.zstdRatio());
        figures.put("zstd_mbps", f.zstdMbps());
        figures.put("lz4_ratio", f.lz4Ratio());
        figures.put("lz4_mbps", f.lz4Mbps());
    }

    private static double[] heatGrid(int n, int iters) {
        double[] grid = new double[n * n];
        double[] next = new double[n * n];
        Arrays.fill(grid, 0, n, 1.0);
        Arrays.fill(next, 0, n, 1.0);
        for (int it = 0; it < iters; it++) {
            for (int i = n; i < n * (n - 1); i++) {
                int c = i % n;
                next[i] = c == 0 || c == n - 1 ? 0 : 0.25 * (grid[i - n] + grid[i + n] + grid[i - 1] + grid[i + 1]);
            }
            double[] t = grid;
            grid = next;
            next = t;
        }
        return grid;
    }

    static long ddMbps(Path work, long mib) throws IOException, InterruptedException {
        Path target = work.resolve("dd.out");
        ExternalCommand.Result dd = ExternalCommand.run(Duration.ofMinutes(30), "dd", "if=/dev/zero", "of=" + target, "bs=1M",
                "count=" + mib, "conv=fdatasync");
        Files.deleteIfExists(target);
        Matcher m = DD_RATE.matcher(dd.output());
        if (!dd.ok() || !m.find()) {
            throw new IOException("dd failed: " + dd.output().strip());
        }
        return Math.round(Long.parseLong(m.group(1)) / 1e6 / Double.parseDouble(m.group(2)));
    }
}
