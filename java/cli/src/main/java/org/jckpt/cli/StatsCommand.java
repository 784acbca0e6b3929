package org.jckpt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jckpt.launch.Durations;
import org.jckpt.record.CheckpointLog;
import org.jckpt.record.JobStats;
import org.jckpt.record.LogReader;
import org.jckpt.store.SetNaming;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Summarise what a job's checkpoints cost it, from its record DIR/NAME.log.jsonl: checkpoints, pauses,"
                + " time paused, flush throughput, coalesced sets, restarts and the work they redid, and the interval"
                + " between checkpoints next to Daly's for --mtbf.",
        footer = {"", "Example: jckpt stats --mtbf 6h /scratch/ck/heat"})
final class StatsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR/NAME", description = "the job's checkpoint directory and set name, e.g. /scratch/ck/heat")
    Path job;

    @Option(names = "--mtbf", paramLabel = "DURATION", description = "mean time between failures (e.g. 6h): show Daly's interval for it")
    String mtbf;

    @Option(names = "--json", description = "print the summary as one JSON object, for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Duration between = mtbf == null ? null : mtbf(mtbf);
        Path record = CheckpointLog.file(new SetNaming(job.toAbsolutePath().getParent(), job.getFileName().toString()));
        JobStats stats = JobStats.of(LogReader.read(record, w -> System.err.println("jckpt: " + w)), between);
        if (json) {
            System.out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(stats));
        } else {
            print(stats);
        }
        return 0;
    }

    private static Duration mtbf(String text) {
        try {
            Duration d = Durations.parse(text);
            if (!d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // Said below, naming the option.
        }
        throw new IllegalArgumentException("--mtbf takes a positive duration (e.g. 6h, 90m), not '" + text + "'");
    }

    private void print(JobStats s) {
        say("%s: %d run%s, %d checkpoints (%d committed), %d failure%s", job, s.runs(), plural(s.runs()), s.checkpoints(),
                s.committed(), s.failures().size(), plural(s.failures().size()));
        say("paused: %s in all, median %s; %.2f%% of %s run time", seconds(s.pauseTotalMs() / 1000.0),
                s.pauseMedianMs() == null ? "-" : Math.round(s.pauseMedianMs()) + " ms", s.pausedPercent(),
                seconds(s.runTimeMs() / 1000.0));
        say("flush: %s; %d set%s coalesced", s.flushMBps() == null ? "none in the background"
                : String.format(Locale.ROOT, "%.1f MB/s", s.flushMBps()), s.coalesced(), plural(s.coalesced()));
        long automatic = s.restarts().stream().filter(JobStats.Restart::automatic).count();
        say("restarts: %d (%d automatic), work redone %s", s.restarts().size(), automatic, seconds(s.redoneSeconds()));
        s.restarts().forEach(r -> say("  from %s (%s): redid %s", r.from(), r.automatic() ? "automatic" : "not automatic",
                r.redoneSeconds() == null ? "unknown (its checkpoint is not in the record)" : seconds(r.redoneSeconds())));
        say("interval between checkpoints: %s used%s", s.intervalUsedSeconds() == null ? "-" : seconds(s.intervalUsedSeconds()),
                s.dalyIntervalSeconds() == null ? "" : "; Daly's for MTBF " + mtbf + ": " + seconds(s.dalyIntervalSeconds()));
        s.failures().forEach(f -> say("failure: %s", f));
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
