package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.record.CheckpointLog;
import org.jckpt.record.Daly;
import org.jckpt.record.JobStats;
import org.jckpt.record.LogEvent;
import org.jckpt.record.LogReader;
import org.jckpt.record.Median;
import org.jckpt.store.SetNaming;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * {@code --ckpt-every overhead:P%} and {@code daly:MTBF} on a program whose pause is slow on purpose
 * (its callback sleeps). Every assertion compares figures of one run's own record (pauses against
 * the run time, intervals against the pauses), so the machine's speed does not matter.
 */
public class CheckpointPolicyIT {
    static final Path TEST_CLASSES = Cli.HOME.resolve("java/cli/target/test-classes");
    static final String PROGRAM = "org.jckpt.cli.programs.SlowPause";
    private static final Duration HANG = Duration.ofMinutes(10);

    private final Path five = temp("overhead5");
    private final Path twenty = temp("overhead20");
    private final Path daly = temp("daly");
    private Cli.Running fiveJob;
    private Cli.Running twentyJob;
    private Cli.Running dalyJob;

    /** The three jobs run at once (their pauses are sleeps), each test waits for its own. */
    @BeforeClass
    public void startJobs() throws Exception {
        Cli.requireOpenMpi();
        fiveJob = start(five, "overhead:5%", "4000", "100"); // 40 s: long enough for several checkpoints at 5 %
        twentyJob = start(twenty, "overhead:20%", "4000", "100");
        dalyJob = start(daly, "daly:30s", "1000000", "200", "5"); // ends after its fifth checkpoint
    }

    @AfterClass(alwaysRun = true)
    public void endJobs() throws Exception {
        for (Cli.Running job : new Cli.Running[] {fiveJob, twentyJob, dalyJob}) {
            if (job != null) {
                job.killWholeJob();
            }
        }
    }

    @Test
    public void overheadKeepsTheTimePausedWithinItsShareAndALargerShareCheckpointsMoreOften() throws Exception {
        assertEquals(fiveJob.waitFor(HANG).status(), 0, fiveJob.errText());
        assertEquals(twentyJob.waitFor(HANG).status(), 0, twentyJob.errText());
        JobStats atFive = withinShare(five, 0.05);
        JobStats atTwenty = withinShare(twenty, 0.20);
        assertTrue(atTwenty.checkpoints() > atFive.checkpoints(), atTwenty + " against " + atFive);
    }

    @Test
    public void dalyWaitsDalysIntervalForTheMeasuredPause() throws Exception {
        assertEquals(dalyJob.waitFor(HANG).status(), 0, dalyJob.errText());
        List<LogEvent> pauses = checkpoints(daly);
        assertEquals(pauses.size(), 5, "a first checkpoint, then four at Daly's interval: " + pauses);
        for (int i = 2; i < pauses.size(); i++) { // after the first checkpoints: C measured
            List<Long> recent = pauses.subList(Math.max(0, i - 5), i).stream().map(LogEvent::pauseMaxMs).toList();
            double expected = Daly.interval(Median.of(recent), 30_000);
            long used = pauses.get(i).time() - (pauses.get(i - 1).time() + pauses.get(i - 1).pauseMaxMs());
            assertTrue(Math.abs(used - expected) <= 0.2 * expected,
                    "interval " + i + ": " + used + " ms used, Daly's formula gives " + expected + " ms: " + pauses);
        }
    }

    private static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code SlowPause ARGS} on 2 tasks with {@code --ckpt-every EVERY}. */
    static Cli.Running start(Path dir, String every, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-every", every,
                "--cp", TEST_CLASSES.toString(), "--", PROGRAM));
        cmd.addAll(List.of(args));
        return Cli.start(Map.of(), cmd.toArray(String[]::new));
    }

    /** The run's statistics, having checked that its pauses took at most {@code share} of its run time, plus one pause. */
    private static JobStats withinShare(Path dir, double share) {
        List<LogEvent> pauses = checkpoints(dir);
        JobStats s = JobStats.of(events(dir), null);
        long longest = pauses.stream().mapToLong(LogEvent::pauseMaxMs).max().orElse(0);
        assertTrue(s.pauseTotalMs() <= share * s.runTimeMs() + longest,
                s.pauseTotalMs() + " ms paused in " + s.runTimeMs() + " ms: more than " + share + " of it and one pause: " + pauses);
        return s;
    }

    private static List<LogEvent> checkpoints(Path dir) {
        List<LogEvent> pauses = new ArrayList<>();
        for (LogEvent e : events(dir)) {
            if (e.event().equals(LogEvent.CHECKPOINT)) {
                assertEquals(e.kind(), "periodic", e.toString());
                pauses.add(e);
            }
        }
        return pauses;
    }

    static Path record(Path dir) {
        return CheckpointLog.file(new SetNaming(dir, "slowpause"));
    }

    /** The record's events; a line it had to skip fails the test. */
    static List<LogEvent> events(Path dir) {
        return LogReader.read(record(dir), w -> {
            throw new AssertionError(w);
        });
    }
}
