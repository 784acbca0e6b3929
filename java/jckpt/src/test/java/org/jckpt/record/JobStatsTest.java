package org.jckpt.record;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;

import java.time.Duration;
import java.util.List;
import org.testng.annotations.Test;

public class JobStatsTest {
    /** A run of 20 s with three checkpoints, killed 4 s after set 2's; its automatic restart from set 1 runs 10 s. */
    private static final List<LogEvent> EVENTS = List.of(
            LogEvent.run(0, 4, null, null, false, 0),
            LogEvent.checkpoint(0, CheckpointKind.PERIODIC, 3_000, 90, 100),
            LogEvent.commit(0, 100_000_000, 200_000_000, 3_200L, 4_100L, 100.0, List.of()),
            LogEvent.checkpoint(1, CheckpointKind.PERIODIC, 8_100, 180, 200),
            LogEvent.checkpoint(2, CheckpointKind.SYSTEM, 13_300, 280, 300),
            LogEvent.commit(2, 300_000_000, 300_000_000, 13_700L, 16_600L, 300.0, List.of(1)),
            LogEvent.failure(3, 15_000, "task 0: No space left on device"),
            LogEvent.end(20_000, 137, "task 2 on node7 killed by signal 9 (Killed)"),
            LogEvent.run(21_000, 4, "/ck/heat.2", 2, true, 1),
            LogEvent.checkpoint(4, CheckpointKind.COMPLETE, 24_000, 100, 100),
            LogEvent.end(31_000, 0, null));

    @Test
    public void sumsUpWhatTheCheckpointsCost() {
        JobStats s = JobStats.of(EVENTS, Duration.ofSeconds(10));
        assertEquals(s.runs(), 2);
        assertEquals(s.checkpoints(), 4);
        assertEquals(s.committed(), 2);
        assertEquals(s.failures(), List.of("set 3: task 0: No space left on device", "job: task 2 on node7 killed by signal 9 (Killed)"));
        assertEquals(s.pauseTotalMs(), 700);
        assertEquals(s.pauseMedianMs(), 150.0);
        assertEquals(s.runTimeMs(), 30_000);
        assertEquals(s.pausedPercent(), 700 / 300.0, 1e-9);
        assertEquals(s.flushMBps(), 400 / (1.0 + 1.0), 1e-9, "400 MB in 2 s of flushing");
        assertEquals(s.coalesced(), 1);
        assertEquals(s.restarts(), List.of(new JobStats.Restart("/ck/heat.2", 2, true, 6.7)));
        assertEquals(s.redoneSeconds(), 6.7, 1e-9);
        assertEquals(s.intervalUsedSeconds(), 5.0, 1e-9, "gaps 5.0 and 5.0 in the first run; none across the restart");
        assertEquals(s.dalyIntervalSeconds(), Daly.interval(0.15, 10), 1e-9);
    }

    @Test
    public void aRunKilledWithItsLauncherLastsToItsLastEvent() {
        List<LogEvent> killed = List.of(LogEvent.run(0, 2, null, null, false, 0),
                LogEvent.checkpoint(0, CheckpointKind.PERIODIC, 3_000, 90, 100),
                LogEvent.run(10_000, 2, "/ck/heat.0", 0, false, 0),
                LogEvent.checkpoint(1, CheckpointKind.PERIODIC, 14_000, 90, 500));
        JobStats s = JobStats.of(killed, null);
        assertEquals(s.runTimeMs(), 3_100 + 4_500);
        assertEquals(s.restarts(), List.of(new JobStats.Restart("/ck/heat.0", 0, false, 0.1)));
        assertNull(s.dalyIntervalSeconds());
        assertNull(s.intervalUsedSeconds());
    }

    @Test
    public void aRecordWithoutRunsCountsFromItsFirstEventToItsLast() {
        JobStats s = JobStats.of(List.of(LogEvent.checkpoint(0, CheckpointKind.COMPLETE, 1_000, 10, 10),
                LogEvent.checkpoint(1, CheckpointKind.COMPLETE, 2_000, 10, 10)), null);
        assertEquals(s.runTimeMs(), 1_010);
        assertEquals(s.intervalUsedSeconds(), 0.99, 1e-9);
    }
}
