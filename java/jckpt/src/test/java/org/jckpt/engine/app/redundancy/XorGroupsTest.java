package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

public class XorGroupsTest {
    private static NodeRing ring(String... hostOfTask) {
        return new NodeRing(hostOfTask);
    }

    @Test
    public void theJthTasksOfTheNodesOfAGroupShareParity() {
        XorGroups g = XorGroups.of(ring("a", "a", "b", "b", "c", "c"), 3);
        assertEquals(g.groups(), List.of(List.of(0, 2, 4), List.of(1, 3, 5)));
        assertEquals(g.partner(), Map.of());
        assertEquals(g.groupOf(3), List.of(1, 3, 5));
    }

    @Test
    public void nodesLeftOverJoinTheLastGroupAndNoGroupHasTwoTasksOfOneNode() {
        // 7 nodes, K = 3: groups of 3 and 4 nodes.
        XorGroups g = XorGroups.of(ring("a", "b", "c", "d", "e", "f", "g"), 3);
        assertEquals(g.groups(), List.of(List.of(0, 1, 2), List.of(3, 4, 5, 6)));
    }

    @Test
    public void aTaskWithoutPeersInItsNodeGroupGetsAPartnerOnTheNextNode() {
        // Node a has a third task, b and c have two: task 2 is alone among the third tasks.
        XorGroups g = XorGroups.of(ring("a", "a", "a", "b", "b", "c", "c"), 3);
        assertEquals(g.groups(), List.of(List.of(0, 3, 5), List.of(1, 4, 6)));
        assertEquals(g.partner(), Map.of(2, 3));
        assertEquals(g.groupOf(2), List.of());
    }

    @Test
    public void whatASetFileRecordsReadsBackTheSame() {
        XorGroups g = XorGroups.of(ring("a", "a", "a", "b", "b", "c", "c"), 3);
        assertEquals(XorGroups.parse(g.encode()), g);
        assertEquals(g.encode(), "0 3 5;1 4 6;2>3");
    }
}
