package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.testng.annotations.Test;

public class RebuildPlanTest {
    private static RebuildPlan.Holdings holds(Set<Integer> copies, Set<Integer> pieces) {
        return new RebuildPlan.Holdings(copies, pieces);
    }

    @Test
    public void aLostNodesTasksComeFromThePartnerCopiesOnTheNodeLeft() {
        // Tasks 0, 1 ran on a, 2, 3 on b; b's copies were kept on a, and b is gone.
        Map<String, RebuildPlan.Holdings> nodes = Map.of("a", holds(Set.of(0, 1), Set.of(2, 3)));
        RebuildPlan plan = RebuildPlan.of(4, nodes);
        assertEquals(plan.lost(), List.of());
        assertEquals(plan.stepsFor("a", nodes.get("a")), List.of(new RebuildPlan.Source("a", 2, true),
                new RebuildPlan.Source("a", 3, true)));
    }

    @Test
    public void aNodeFetchesWhatItLacksPreferringOwnCopiesToPartnerCopies() {
        Map<String, RebuildPlan.Holdings> nodes = new LinkedHashMap<>();
        nodes.put("a", holds(Set.of(0), Set.of(1)));
        nodes.put("b", holds(Set.of(1), Set.of()));
        nodes.put("c", holds(Set.of(), Set.of(0)));
        RebuildPlan plan = RebuildPlan.of(2, nodes);
        assertEquals(plan.sources().get(0).orElseThrow(), new RebuildPlan.Source("a", 0, false));
        assertEquals(plan.sources().get(1).orElseThrow(), new RebuildPlan.Source("b", 1, false));
        // a unpacks its own partner copy of 1; c unpacks nothing of 0 (a piece of it is there) and fetches 1 from b.
        assertEquals(plan.stepsFor("a", nodes.get("a")), List.of(new RebuildPlan.Source("a", 1, true)));
        assertEquals(plan.stepsFor("c", nodes.get("c")), List.of(new RebuildPlan.Source("c", 0, true),
                new RebuildPlan.Source("b", 1, false)));
    }

    @Test
    public void aTaskWhoseCopyAndPartnerCopyAreBothGoneIsLost() {
        RebuildPlan plan = RebuildPlan.of(4, Map.of("a", holds(Set.of(0, 1), Set.of(3))));
        assertEquals(plan.lost(), List.of(2));
        assertTrue(plan.sources().get(3).orElseThrow().piece());
    }
}
