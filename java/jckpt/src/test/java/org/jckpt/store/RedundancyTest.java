package org.jckpt.store;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.expectThrows;
import static org.testng.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.testng.annotations.Test;

public class RedundancyTest {
    @Test
    public void namesParseAndReadBack() {
        assertTrue(Redundancy.parse("none").none());
        assertEquals(Redundancy.parse("partner"), Redundancy.PARTNER);
        assertEquals(Redundancy.parse("xor").groupSize(), Redundancy.XOR_DEFAULT);
        assertEquals(Redundancy.parse("xor:3").text(), "xor:3");
        assertEquals(Redundancy.parse(Redundancy.parse("xor:8").text()), Redundancy.parse("xor:8"));
    }

    @Test
    public void badNamesAreRefusedNamingTheValue() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Redundancy.parse("mirror"));
        assertTrue(e.getMessage().contains("'mirror'"), e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> Redundancy.parse("xor:2"));
        assertTrue(e.getMessage().contains("3 or more"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Redundancy.parse("xor:"));
    }

    @Test
    public void tooFewNodesFallBackToPartnerThenToNone() {
        Redundancy xor4 = Redundancy.parse("xor:4");
        assertEquals(xor4.forNodes(4), xor4);
        assertEquals(xor4.forNodes(3), Redundancy.PARTNER);
        assertEquals(xor4.forNodes(1), Redundancy.NONE);
        assertEquals(Redundancy.PARTNER.forNodes(2), Redundancy.PARTNER);
        assertEquals(Redundancy.PARTNER.forNodes(1), Redundancy.NONE);
    }

    @Test
    public void protectionCostsAFullCopyOrAParityShare() {
        assertEquals(Redundancy.NONE.withProtection(900), 900);
        assertEquals(Redundancy.PARTNER.withProtection(900), 1800);
        assertEquals(Redundancy.parse("xor:4").withProtection(900), 1200);
        assertEquals(Redundancy.parse("xor:3").withProtection(901), 901 + 451);
    }

    @Test
    public void theTasksGetTheLaunchersChoice() {
        Map<String, String> env = new HashMap<>();
        new Levels(true, LocalLevel.DEFAULT_ROOT, 0, "none", Redundancy.parse("xor:5"), 0).toEnvironment(env);
        Levels tasks = Levels.fromEnvironment(env);
        assertEquals(tasks.redundancy(), Redundancy.parse("xor:5"));
        assertEquals(tasks.flushEvery(), 0);
        assertEquals(Levels.fromEnvironment(Map.of()).redundancy(), Redundancy.NONE);
        assertEquals(Levels.fromEnvironment(Map.of()).flushEvery(), 1);
    }
}
