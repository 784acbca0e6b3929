package org.jckpt.launch;

import static org.testng.Assert.assertEquals;

import org.jckpt.record.Daly;
import org.testng.annotations.Test;

public class IntervalPolicyTest {
    private static final long START = 1_000_000;

    @Test
    public void theFirstCheckpointComesSoonSoThatItsPauseIsMeasured() {
        for (String every : new String[] {"overhead:5%", "daly:6h"}) {
            IntervalPolicy p = new IntervalPolicy(CheckpointEvery.parse(every), START);
            assertEquals(p.cost(), -1);
            assertEquals(p.dueAt(), START + IntervalPolicy.FIRST_MS, every);
        }
    }

    @Test
    public void overheadIsDueWhenThePausesSoFarAndTheNextStayWithinItsShareOfTheRunTime() {
        IntervalPolicy p = new IntervalPolicy(CheckpointEvery.parse("overhead:5%"), START);
        p.paused(START + 3_000, 200);
        assertEquals(p.dueAt(), START + 8_000, "(200 paused + 200 next) / 0.05");
        p.paused(START + 8_000, 300);
        assertEquals(p.dueAt(), START + 15_000, "(500 paused + median 250) / 0.05");
    }

    @Test
    public void overheadDoesNotMakeUpForTimeWithoutCheckpointsInABurst() {
        IntervalPolicy p = new IntervalPolicy(CheckpointEvery.parse("overhead:5%"), START);
        p.paused(START + 30_000, 10); // a long start-up: the share alone would allow 60 checkpoints at once
        assertEquals(p.dueAt(), START + 30_010 + 190, "10 ms paused in every 200: 5 %");
    }

    @Test
    public void dalyIsDueItsIntervalAfterTheLastPauseEndedRecomputedAsThePauseChanges() {
        IntervalPolicy p = new IntervalPolicy(CheckpointEvery.parse("daly:10s"), START);
        p.paused(START + 3_000, 200);
        assertEquals(p.dueAt(), START + 3_200 + Math.round(Daly.interval(200, 10_000)));
        p.paused(START + 5_000, 800);
        assertEquals(p.cost(), 500);
        assertEquals(p.dueAt(), START + 5_800 + Math.round(Daly.interval(500, 10_000)));
    }

    @Test
    public void theCostIsTheMedianOfTheLastFivePauses() {
        IntervalPolicy p = new IntervalPolicy(CheckpointEvery.parse("daly:1h"), START);
        for (long ms : new long[] {10_000, 10_000, 10_000, 100, 100, 100}) {
            p.paused(START, ms);
        }
        assertEquals(p.cost(), 100, "the first pause has left the window, and one outlier moves no median");
    }

    @Test
    public void aSuggestionThatBroughtNoPauseIsRepeatedNoSoonerThanTheFirstIntervalOrThreePauses() {
        IntervalPolicy p = new IntervalPolicy(CheckpointEvery.parse("overhead:1%"), START);
        assertEquals(p.retryAt(START), START + IntervalPolicy.FIRST_MS);
        p.paused(START, 5_000);
        assertEquals(p.retryAt(START + 10_000), START + 25_000);
    }

    @Test
    public void aSystemCheckpointSuchAsTheHaltsCountsInTheOverheadLikeAnyOther() {
        IntervalPolicy p = new IntervalPolicy(CheckpointEvery.parse("overhead:10%"), START);
        p.paused(START + 500, 1_000); // --halt-before's, before the policy's first
        assertEquals(p.dueAt(), START + 20_000);
    }
}
