package org.jckpt.launch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.time.Duration;
import org.testng.annotations.Test;

public class CheckpointEveryTest {
    @Test
    public void readsEveryForm() {
        assertEquals(CheckpointEvery.parse("500").calls(), 500);
        assertEquals(CheckpointEvery.parse("30s").duration(), Duration.ofSeconds(30));
        assertEquals(CheckpointEvery.parse("30s").form(), CheckpointEvery.Form.PERIOD);
        assertEquals(CheckpointEvery.parse("overhead:2%").fraction(), 0.02, 1e-12);
        assertEquals(CheckpointEvery.parse("overhead:0.5%").fraction(), 0.005, 1e-12);
        CheckpointEvery daly = CheckpointEvery.parse("daly:6h");
        assertEquals(daly.form(), CheckpointEvery.Form.DALY);
        assertEquals(daly.duration(), Duration.ofHours(6));
        assertTrue(daly.adaptive());
        assertFalse(CheckpointEvery.parse("5m").adaptive());
    }

    @Test
    public void refusesWhatItDoesNotTake() {
        for (String bad : new String[] {"0", "overhead:0%", "overhead:100%", "overhead:5", "daly:", "daly:0s", "daly:6x", "0s", "soon"}) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> CheckpointEvery.parse(bad));
            assertTrue(e.getMessage().contains("--ckpt-every"), e.getMessage());
        }
    }
}
