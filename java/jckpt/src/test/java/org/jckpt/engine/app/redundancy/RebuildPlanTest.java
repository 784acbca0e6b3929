package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.testng.annotations.Test;

public class RebuildPlanTest {
    private static final XorGroups NO_GROUPS = new XorGroups(List.of(), Map.of());

    private static RebuildPlan.Holdings holds(Set<Integer> copies, Set<Integer> pieces) {
        return new RebuildPlan.Holdings(copies, pieces, Set.of());
    }

    @Test
    public void aLostNodesTasksComeFromThePartnerCopiesOnTheNodeLeft() {
        // Tasks 0, 1 ran on a, 2, 3 on b; b's copies were kept on a, and b is gone.
        Map<String, RebuildPlan.Holdings> nodes = Map.of("a", holds(Set.of(0, 1), Set.of(2, 3)));
        RebuildPlan plan = RebuildPlan.of(4, nodes, NO_GROUPS);
        assertEquals(plan.lost(), List.of());
        assertEquals(plan.stepsFor("a", nodes.get("a")), List.of(new RebuildPlan.Source("a", 2, RebuildPlan.Kind.PIECE),
                new RebuildPlan.Source("a", 3, RebuildPlan.Kind.PIECE)));
    }

    @Test
    public void aNodeFetchesWhatItLacksPreferringOwnCopiesToPartnerCopies() {
        Map<String, RebuildPlan.Holdings> nodes = new LinkedHashMap<>();
        nodes.put("a", holds(Set.of(0), Set.of(1)));
        nodes.put("b", holds(Set.of(1), Set.of()));
        nodes.put("c", holds(Set.of(), Set.of(0)));
        RebuildPlan plan = RebuildPlan.of(2, nodes, NO_GROUPS);
        assertEquals(plan.sources().get(0).orElseThrow(), new RebuildPlan.Source("a", 0, RebuildPlan.Kind.COPY));
        assertEquals(plan.sources().get(1).orElseThrow(), new RebuildPlan.Source("b", 1, RebuildPlan.Kind.COPY));
        // a unpacks its own partner copy of 1; c unpacks nothing of 0 (a piece of it is there) and fetches 1 from b.
        assertEquals(plan.stepsFor("a", nodes.get("a")), List.of(new RebuildPlan.Source("a", 1, RebuildPlan.Kind.PIECE)));
        assertEquals(plan.stepsFor("c", nodes.get("c")), List.of(new RebuildPlan.Source("c", 0, RebuildPlan.Kind.PIECE),
                new RebuildPlan.Source("b", 1, RebuildPlan.Kind.COPY)));
    }

    @Test
    public void aTaskWhoseCopyAndPartnerCopyAreBothGoneIsLost() {
        RebuildPlan plan = RebuildPlan.of(4, Map.of("a", holds(Set.of(0, 1), Set.of(3))), NO_GROUPS);
        assertEquals(plan.lost(), List.of(2));
        assertEquals(plan.sources().get(3).orElseThrow().kind(), RebuildPlan.Kind.PIECE);
    }

    @Test
    public void aLostMemberOfAParityGroupIsDecodedAfterEveryOtherFileIsHere() {
        // Tasks 0, 1, 2 on nodes a, b, c, one parity group; c is gone.
        XorGroups groups = new XorGroups(List.of(List.of(0, 1, 2)), Map.of());
        Map<String, RebuildPlan.Holdings> nodes = new LinkedHashMap<>();
        nodes.put("a", new RebuildPlan.Holdings(Set.of(0), Set.of(), Set.of(0)));
        nodes.put("b", new RebuildPlan.Holdings(Set.of(1), Set.of(), Set.of(1)));
        RebuildPlan plan = RebuildPlan.of(3, nodes, groups);
        assertEquals(plan.lost(), List.of());
        assertEquals(plan.from(RebuildPlan.Kind.PARITY), List.of(2));
        assertEquals(plan.parityAt(), Map.of(0, "a", 1, "b"));
        assertEquals(plan.stepsFor("a", nodes.get("a")), List.of(new RebuildPlan.Source("b", 1, RebuildPlan.Kind.COPY),
                new RebuildPlan.Source("a", 2, RebuildPlan.Kind.PARITY)));
    }

    @Test
    public void twoLostMembersOfOneParityGroupAreLostAndAMissingParityToo() {
        XorGroups groups = new XorGroups(List.of(List.of(0, 1, 2, 3)), Map.of());
        RebuildPlan twoGone = RebuildPlan.of(4, Map.of("a", new RebuildPlan.Holdings(Set.of(0, 1), Set.of(), Set.of(0, 1))), groups);
        assertEquals(twoGone.lost(), List.of(2, 3));
        Map<String, RebuildPlan.Holdings> noParityOf1 = Map.of("a", new RebuildPlan.Holdings(Set.of(0, 1, 2), Set.of(), Set.of(0, 2)));
        assertEquals(RebuildPlan.of(4, noParityOf1, groups).lost(), List.of(3));
    }

    @Test
    public void onlyFilesHeldMoreThanOnceAreChoicesAndADamagedOneLeavesTheOther() {
        // a holds 0, 1 and partner copies of 2, 3; b holds 2 and a partner copy of 0; 3's own copy is gone.
        Map<String, RebuildPlan.Holdings> nodes = new LinkedHashMap<>();
        nodes.put("a", holds(Set.of(0, 1), Set.of(2, 3)));
        nodes.put("b", holds(Set.of(2), Set.of(0)));
        assertEquals(RebuildPlan.heldMoreThanOnce(4, nodes), Set.of(0, 2));
        // a's copy of 0 was found damaged: 0 comes from b's partner copy, fetched by a.
        nodes.put("a", nodes.get("a").without(holds(Set.of(0), Set.of())));
        RebuildPlan plan = RebuildPlan.of(4, nodes, NO_GROUPS);
        assertEquals(plan.sources().get(0).orElseThrow(), new RebuildPlan.Source("b", 0, RebuildPlan.Kind.PIECE));
        assertEquals(plan.stepsFor("a", nodes.get("a")).get(0), new RebuildPlan.Source("b", 0, RebuildPlan.Kind.PIECE));
    }
}
