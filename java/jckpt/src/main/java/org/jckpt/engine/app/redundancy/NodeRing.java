package org.jckpt.engine.app.redundancy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's nodes in a ring, in the order of their lowest task, as SCR's partner scheme places
 * copies: node i's tasks give their copies to node i+1, the j-th task of one to the (j mod n)-th of
 * the other, so that every task of the next node takes a share.
 */
public final class NodeRing {
    private final List<String> nodes;
    private final Map<String, List<Integer>> tasksOf = new LinkedHashMap<>();
    private final String[] hostOf;

    /** The ring of the hosts of tasks 0, 1, ..., as each task named its own. */
    public NodeRing(String[] hostOfTask) {
        this.hostOf = hostOfTask.clone();
        for (int task = 0; task < hostOf.length; task++) {
            tasksOf.computeIfAbsent(hostOf[task], h -> new ArrayList<>()).add(task);
        }
        this.nodes = List.copyOf(tasksOf.keySet());
    }

    public int nodes() {
        return nodes.size();
    }

    public String host(int task) {
        return hostOf[task];
    }

    /** The node after {@code task}'s in the ring. */
    public String nextNode(int task) {
        return nodes.get((nodes.indexOf(hostOf[task]) + 1) % nodes.size());
    }

    /** The task that keeps {@code task}'s partner copy: on the next node, by position among each node's tasks. */
    public int partner(int task) {
        List<Integer> next = tasksOf.get(nextNode(task));
        return next.get(tasksOf.get(hostOf[task]).indexOf(task) % next.size());
    }

    /** The nodes' names, in ring order. */
    public List<String> nodeNames() {
        return nodes;
    }

    /** The tasks on {@code node}, lowest first. */
    public List<Integer> tasksOn(String node) {
        return tasksOf.get(node);
    }

    /** The lowest task of each node, in ring order. */
    public List<Integer> firstTasks() {
        return tasksOf.values().stream().map(t -> t.get(0)).toList();
    }
}
