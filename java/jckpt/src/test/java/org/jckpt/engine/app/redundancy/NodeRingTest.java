package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;

import java.util.List;
import org.testng.annotations.Test;

public class NodeRingTest {
    @Test
    public void eachNodesCopiesGoToTheNextNodeAndTheLastsToTheFirst() {
        NodeRing ring = new NodeRing(new String[] {"a", "a", "b", "b", "c", "c"});
        assertEquals(ring.nodes(), 3);
        assertEquals(ring.partner(0), 2);
        assertEquals(ring.partner(1), 3);
        assertEquals(ring.partner(2), 4);
        assertEquals(ring.partner(5), 1);
        assertEquals(ring.firstTasks(), List.of(0, 2, 4));
    }

    @Test
    public void unevenNodesShareThePiecesOfABiggerNeighbour() {
        // Tasks placed round-robin, as mpirun --map-by node does; node b has one task only.
        NodeRing ring = new NodeRing(new String[] {"a", "b", "a", "a"});
        assertEquals(ring.nodes(), 2);
        assertEquals(ring.partner(0), 1);
        assertEquals(ring.partner(2), 1);
        assertEquals(ring.partner(3), 1);
        assertEquals(ring.partner(1), 0);
        assertEquals(ring.nextNode(1), "a");
    }
}
