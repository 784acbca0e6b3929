package org.jckpt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.launch.CheckpointDirectory;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.Launcher;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.system.ExternalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the application-level engine on DIR: dd's write throughput for N x S MiB,"
                + " then N tasks checkpointing S MiB each (median pause, throughput, ratio to dd),"
                + " then an empty checkpoint's pause on DIR and on tmpfs (coordination alone), and an idle poll().")
final class BenchCommand implements Callable<Integer> {
    private static final Pattern DD_RATE = Pattern.compile("(\\d+) bytes .* copied, ([0-9.]+) s");

    @Option(names = "-np", defaultValue = "4", description = "tasks (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--mib", defaultValue = "256", description = "MiB per task (default: ${DEFAULT-VALUE})")
    int mib;

    @Option(names = "--reps", defaultValue = "5", description = "checkpoints to time (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--dir", defaultValue = ".", description = "directory to write in (default: the current one)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path work = dir.toAbsolutePath().resolve("jckpt-bench");
        CheckpointDirectory.requireWritable(dir.toAbsolutePath());
        FileModes.OWNER_ONLY.createDirectories(work);
        try {
            long ddMbps = ddMbps(work, (long) tasks * mib);
            System.out.printf("dd bs=1M count=%d conv=fdatasync on %s: %d MB/s%n", (long) tasks * mib, work, ddMbps);
            int status = bench(work, mib, reps, 0, ddMbps);
            System.out.println("empty state, coordination plus the commit's syncs on " + work + ":");
            status = status != 0 ? status : bench(work, 0, 50, 100_000_000, 0);
            Path shm = Path.of("/dev/shm");
            if (status == 0 && Files.isWritable(shm)) {
                // tmpfs has no device latency: what remains is jckpt's own coordination.
                Path memory = FileModes.OWNER_ONLY.createDirectories(shm.resolve("jckpt-bench-" + ProcessHandle.current().pid()));
                try {
                    System.out.println("empty state on tmpfs " + memory + " (coordination alone):");
                    status = bench(memory, 0, 50, 0, 0);
                } finally {
                    FileTrees.delete(memory);
                }
            }
            return status;
        } finally {
            FileTrees.delete(work);
        }
    }

    private int bench(Path work, int mibPerTask, int repetitions, long polls, long ddMbps) throws Exception {
        JobSpec spec = JobSpec.builder(tasks, "org.jckpt.examples.CheckpointBench", List.of("--mib", Integer.toString(mibPerTask),
                "--reps", Integer.toString(repetitions), "--polls", Long.toString(polls), "--dd-mbps", Long.toString(ddMbps)))
                .checkpoints(work.toString(), "bench").build();
        return new Launcher(Home.get(), System.getenv(), System.err).run(spec);
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
