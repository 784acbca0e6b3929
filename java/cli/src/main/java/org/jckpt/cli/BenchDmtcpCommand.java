package org.jckpt.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jckpt.job.EngineType;
import org.jckpt.launch.CheckpointDirectory;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.Launcher;
import org.jckpt.launch.dmtcp.DmtcpCheckpointTimer;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.system.ExternalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-dmtcp", mixinStandardHelpOptions = true,
        description = "Measure the DMTCP engine on one running Heat job: jckpt's system-initiated checkpoint"
                + " (DMTCP's checkpoint with each image checksummed as it is written, then the images moved"
                + " into a set and committed; syncing and pruning follow in the background) next to"
                + " 'dmtcp_command -bc' alone against the same coordinator, alternately; and the images' total size.")
final class BenchDmtcpCommand implements Callable<Integer> {
    private static final String HEAT = "org.jckpt.examples.Heat";

    @Option(names = "-np", defaultValue = "2", description = "tasks (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--mib", defaultValue = "512", description = "MiB of Heat's grids per task (default: ${DEFAULT-VALUE})")
    int mib;

    @Option(names = "--reps", defaultValue = "3", description = "checkpoints of each kind (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--warmup", defaultValue = "3", description = "seconds Heat runs before the first checkpoint (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--dir", defaultValue = ".", description = "directory for the images (default: the current one)")
    Path dir;

    @Option(names = "--gzip", description = "let DMTCP gzip the images (slower)")
    boolean gzip;

    @Override
    public Integer call() throws Exception {
        CheckpointDirectory.requireWritable(dir.toAbsolutePath());
        Path work = FileModes.OWNER_ONLY.createDirectories(dir.toAbsolutePath().resolve("jckpt-bench-dmtcp"));
        int n = gridSize(tasks, mib);
        System.out.printf("Heat -np %d --n %d: %d MiB of grids per task; images in %s%s%n", tasks, n,
                16L * n * n / tasks >> 20, work, gzip ? ", gzipped" : ", not gzipped");
        JobSpec spec = JobSpec.builder(tasks, HEAT, List.of("--n", Integer.toString(n), "--iters", Long.toString(Long.MAX_VALUE >> 1)))
                .engine(EngineType.DMTCP).checkpoints(work.toString(), "bench").gzip(gzip).build();
        List<Double> plain = new ArrayList<>();
        List<Double> jckpt = new ArrayList<>();
        CheckpointSet[] last = new CheckpointSet[1];
        try {
            new Launcher(Home.get(), System.getenv(), System.err).run(spec, (engine, job) -> {
                try {
                    last[0] = measure(new DmtcpCheckpointTimer(engine), plain, jckpt);
                } finally {
                    job.descendants().forEach(ProcessHandle::destroyForcibly);
                    job.destroyForcibly();
                }
            });
        } finally {
            FileTrees.delete(work);
        }
        if (last[0] == null) {
            return 1;
        }
        report(plain, jckpt, last[0]);
        return 0;
    }

    /** Heat's two grids hold 16 n^2 / tasks bytes per task. */
    static int gridSize(int tasks, int mibPerTask) {
        return (int) Math.round(Math.sqrt((double) mibPerTask * (1 << 20) * tasks / 16));
    }

    private CheckpointSet measure(DmtcpCheckpointTimer timer, List<Double> plain, List<Double> jckpt)
            throws IOException, InterruptedException {
        timer.awaitEveryTask();
        Thread.sleep(warmupSeconds * 1000L);
        CheckpointSet set = null;
        for (int r = 1; r <= reps; r++) {
            // Which goes first alternates, and each starts with no dirty pages left by the other.
            if (r % 2 == 1) {
                plain.add(plainSeconds(timer));
            }
            syncFileSystems();
            DmtcpCheckpointTimer.Timed t = timer.jckpt();
            jckpt.add(t.nanos() / 1e9);
            set = read(t.setFile());
            if (r % 2 == 0) {
                plain.add(plainSeconds(timer));
            }
            System.out.printf("%d: dmtcp_command -bc %.2f s   jckpt checkpoint %.2f s (DMTCP %.2f s, set assembly %.2f s: %s)%n",
                    r, plain.get(r - 1), jckpt.get(r - 1), t.snapshotNanos() / 1e9, (t.nanos() - t.snapshotNanos()) / 1e9,
                    t.setFile().getFileName());
        }
        return set;
    }

    private static double plainSeconds(DmtcpCheckpointTimer timer) throws IOException, InterruptedException {
        syncFileSystems();
        return timer.plainNanos() / 1e9;
    }

    private static void syncFileSystems() throws IOException, InterruptedException {
        ExternalCommand.run(Duration.ofMinutes(10), "sync");
    }

    private static CheckpointSet read(Path setFile) throws IOException {
        try {
            return SetFiles.read(setFile);
        } catch (SetFileException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void report(List<Double> plain, List<Double> jckpt, CheckpointSet set) {
        double p = median(plain);
        double j = median(jckpt);
        System.out.printf("median: dmtcp_command -bc %.2f s, jckpt checkpoint %.2f s (%.3fx)%n", p, j, j / p);
        long total = 0;
        StringBuilder images = new StringBuilder();
        for (CheckpointSet.FileEntry f : set.files()) {
            total += f.size();
            if (!f.file().contains("/")) {
                images.append(String.format(" %s %.0f MB;", f.task(), f.size() / 1e6));
            }
        }
        boolean modules = set.files().stream().anyMatch(f -> f.file().matches(".*_files/modules(_\\d+)?"));
        System.out.printf("last set: %d files, %.0f MB in all; images:%s lib/modules copied: %s%n",
                set.files().size(), total / 1e6, images, modules ? "YES" : "no");
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
