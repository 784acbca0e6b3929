package org.jckpt.record;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class DalyTest {
    @Test
    public void isYoungsSquareRootWithDalysHigherOrderTerms() {
        // C = 1 s, M = 6 h: sqrt(2 * 1 * 21600) = 207.85; r = 1/43200.
        double r = 1.0 / 43_200;
        assertEquals(Daly.interval(1, 21_600), 207.846 * (1 + Math.sqrt(r) / 3 + r / 9) - 1, 1e-2);
        assertEquals(Daly.interval(0.2, 10), Math.sqrt(4) * (1 + Math.sqrt(0.01) / 3 + 0.01 / 9) - 0.2, 1e-9);
        assertTrue(Math.abs(Daly.interval(1, 21_600) - Math.sqrt(2 * 21_600)) < 2, "close to Young's for C << M");
    }

    @Test
    public void aCheckpointCostingTwiceTheMtbfOrMoreWaitsTheMtbf() {
        assertEquals(Daly.interval(20, 10), 10.0);
        assertEquals(Daly.interval(30, 10), 10.0);
    }
}
