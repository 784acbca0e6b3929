package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jckpt.engine.app.redundancy.RebuildPlan.Kind;
import org.jckpt.engine.app.redundancy.RebuildPlan.Source;
import org.testng.annotations.Test;

public class RebuildPlanTest {
    private static final XorGroups NO_GROUPS = new XorGroups(List.of(), Map.of());

    private static RebuildPlan.Holdings holds(Set<Integer> copies, Set<Integer> pieces) {
        return new RebuildPlan.Holdings(copies, pieces, Set.of());
    }

    private static Set<Integer> all(RebuildPlan plan) {
        return IntStream.range(0, plan.sources().size()).boxed().collect(Collectors.toSet());
    }

    @Test
    public void aLostNodesTasksComeFromThePartnerCopiesOnTheNodeLeft() {
        // Tasks 0, 1 ran on a, 2, 3 on b; b's copies were kept on a, and b is gone.
        Map<String, RebuildPlan.Holdings> nodes = Map.of("a", holds(Set.of(0, 1), Set.of(2, 3)));
        RebuildPlan plan = RebuildPlan.of(4, nodes, NO_GROUPS);
        assertEquals(plan.lost(), List.of());
        assertEquals(plan.stepsFor("a", nodes.get("a"), all(plan)), List.of(new Source("a", 2, Kind.PIECE),
                new Source("a", 3, Kind.PIECE)));
    }

    @Test
    public void aNodeFetchesWhatItLacksPreferringOwnCopiesToPartnerCopies() {
        Map<String, RebuildPlan.Holdings> nodes = new LinkedHashMap<>();
        nodes.put("a", holds(Set.of(0), Set.of(1)));
        nodes.put("b", holds(Set.of(1), Set.of()));
        nodes.put("c", holds(Set.of(), Set.of(0)));
        RebuildPlan plan = RebuildPlan.of(2, nodes, NO_GROUPS);
        assertEquals(plan.sources().get(0).orElseThrow(), new Source("a", 0, Kind.COPY));
        assertEquals(plan.sources().get(1).orElseThrow(), new Source("b", 1, Kind.COPY));
        // a unpacks its own partner copy of 1; c unpacks nothing of 0 (a piece of it is there) and fetches 1 from b.
        assertEquals(plan.stepsFor("a", nodes.get("a"), all(plan)), List.of(new Source("a", 1, Kind.PIECE)));
        assertEquals(plan.stepsFor("c", nodes.get("c"), all(plan)), List.of(new Source("c", 0, Kind.PIECE),
                new Source("b", 1, Kind.COPY)));
    }

    @Test
    public void aTaskWhoseCopyAndPartnerCopyAreBothGoneIsLost() {
        RebuildPlan plan = RebuildPlan.of(4, Map.of("a", holds(Set.of(0, 1), Set.of(3))), NO_GROUPS);
        assertEquals(plan.lost(), List.of(2));
        assertEquals(plan.sources().get(3).orElseThrow().kind(), Kind.PIECE);
    }

    @Test
    public void aLostMemberOfAParityGroupIsDecodedFromTheOthersParities() {
        // Tasks 0, 1, 2 on nodes a, b, c, one parity group; c is gone.
        XorGroups groups = new XorGroups(List.of(List.of(0, 1, 2)), Map.of());
        Map<String, RebuildPlan.Holdings> nodes = new LinkedHashMap<>();
        nodes.put("a", new RebuildPlan.Holdings(Set.of(0), Set.of(), Set.of(0)));
        nodes.put("b", new RebuildPlan.Holdings(Set.of(1), Set.of(), Set.of(1)));
        RebuildPlan plan = RebuildPlan.of(3, nodes, groups);
        assertEquals(plan.lost(), List.of());
        assertEquals(plan.from(Kind.PARITY), List.of(2));
        assertEquals(plan.parityAt(), Map.of(0, "a", 1, "b"));
        // Decoding is not a step of a node's own (XorRebuild): a fetches 1, and 2 comes decoded.
        assertEquals(plan.stepsFor("a", nodes.get("a"), all(plan)), List.of(new Source("b", 1, Kind.COPY)));
        // A node that reads the decoded file and its own, or its own only, fetches nothing.
        assertEquals(plan.stepsFor("b", nodes.get("b"), Set.of(1, 2)), List.of());
        assertEquals(plan.stepsFor("a", nodes.get("a"), Set.of(0)), List.of());
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
        assertEquals(plan.sources().get(0).orElseThrow(), new Source("b", 0, Kind.PIECE));
        assertEquals(plan.stepsFor("a", nodes.get("a"), all(plan)).get(0), new Source("b", 0, Kind.PIECE));
    }

    @Test
    public void aNodeGetsOnlyTheFilesItsTasksRead() {
        // Tasks 0, 1 ran on a, 2, 3 on b, b is gone; a's tasks now read the files of tasks 1 and 2 only.
        Map<String, RebuildPlan.Holdings> nodes = Map.of("a", holds(Set.of(0, 1), Set.of(2, 3)));
        RebuildPlan plan = RebuildPlan.of(4, nodes, NO_GROUPS);
        assertEquals(plan.stepsFor("a", nodes.get("a"), Set.of(1, 2)), List.of(new Source("a", 2, Kind.PIECE)));
    }
}
