package org.jckpt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jckpt.launch.CheckpointDirectory;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.Launcher;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-restart", mixinStandardHelpOptions = true,
        description = "Measure restart read throughput on DIR: a set written by 4 tasks (4 x MIB MiB) restarted with 4"
                + " (same count, the reference) and with 2, and a set of the same size written by 2 tasks restarted with 2"
                + " (reference) and with 4; median of REPS alternated runs each, restore() from a barrier to the slowest task.")
final class BenchRestartCommand implements Callable<Integer> {
    private static final String PROGRAM = "org.jckpt.examples.RestartBench";

    @Option(names = "--mib", defaultValue = "256", description = "MiB per task of the 4-task set (default: ${DEFAULT-VALUE})")
    int mib;

    @Option(names = "--reps", defaultValue = "3", description = "runs of each restart (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--dir", defaultValue = ".", description = "directory to write in (default: the current one)")
    Path dir;

    /** One restart to time: a set and the task count that reads it. */
    private record Case(String label, String set, int writers, int readers) {
    }

    @Override
    public Integer call() throws Exception {
        Path work = dir.toAbsolutePath().resolve("jckpt-bench-restart");
        CheckpointDirectory.requireWritable(dir.toAbsolutePath());
        FileModes.OWNER_ONLY.createDirectories(work);
        try {
            Path report = work.resolve("report.txt");
            List<String> program = List.of("--total-mib", Integer.toString(4 * mib), "--report", report.toString());
            for (String set : List.of("four", "two")) {
                int status = launch(job(set.equals("four") ? 4 : 2, work, set, program, null));
                if (status != 0) {
                    return status;
                }
            }
            List<Case> cases = List.of(new Case("4 -> 4 (same count)", "four", 4, 4), new Case("4 -> 2", "four", 4, 2),
                    new Case("2 -> 2 (same count)", "two", 2, 2), new Case("2 -> 4", "two", 2, 4));
            BenchSeries mbps = new BenchSeries();
            for (int r = 0; r < reps; r++) {
                for (Case c : cases) {
                    Files.deleteIfExists(report);
                    int status = launch(job(c.readers(), work, c.set(), program, work.resolve(c.set() + ".0")));
                    if (status != 0) {
                        return status;
                    }
                    String[] f = Files.readString(report).strip().split(" ");
                    mbps.add(c.label(), Long.parseLong(f[1]) / 1e6 / (Long.parseLong(f[2]) / 1e9));
                }
            }
            System.out.printf("restart read throughput on %s, sets of %d MiB, median of %d alternated runs (page cache as it is);%n"
                    + "each N -> M next to the same-count restarts of the same set (N -> N) and with as many tasks (M -> M):%n",
                    work, 4 * mib, reps);
            Map<Integer, Double> sameCount = new LinkedHashMap<>();
            for (Case c : cases) {
                if (c.writers() == c.readers()) {
                    sameCount.put(c.readers(), mbps.median(c.label()));
                }
            }
            for (Case c : cases) {
                double median = mbps.median(c.label());
                System.out.printf("  %-20s %7.0f MB/s  runs %s%s%n", c.label(), median,
                        mbps.values(c.label()).stream().map(v -> Long.toString(Math.round(v))).toList(), c.writers() == c.readers() ? ""
                                : String.format("  ratio to %d -> %d: %.2f, to %d -> %d: %.2f", c.writers(), c.writers(),
                                median / sameCount.get(c.writers()), c.readers(), c.readers(), median / sameCount.get(c.readers())));
            }
            return 0;
        } finally {
            FileTrees.delete(work);
        }
    }

    private static JobSpec job(int tasks, Path work, String set, List<String> program, Path restartSet) {
        return JobSpec.builder(tasks, PROGRAM, program).checkpoints(work.toString(), set).restartFrom(restartSet).build();
    }

    private static int launch(JobSpec spec) throws Exception {
        return new Launcher(Home.get(), System.getenv(), System.err).run(spec);
    }
}
