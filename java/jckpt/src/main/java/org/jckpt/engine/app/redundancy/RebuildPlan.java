package org.jckpt.engine.app.redundancy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a set on the local level becomes whole on every node of a restart: for each of its task
 * files, the node that gives it (its own copy where one is left, else a partner copy), and what each
 * node must fetch or unpack. Every task computes the same plan from the nodes' inventories.
 *
 * @param sources where each old task's file comes from, by old task; empty where nothing is left
 */
public record RebuildPlan(List<Optional<Source>> sources) {

    /** What one node holds of the set, checked against the set's checksums. */
    public record Holdings(Set<Integer> copies, Set<Integer> pieces) {
    }

    /** Old task {@code task}'s file as {@code host} holds it: its copy, or a partner copy (a piece). */
    public record Source(String host, int task, boolean piece) {
    }

    /** The plan for a set of {@code oldTasks} files from what each node holds, nodes in the order of their lowest task. */
    public static RebuildPlan of(int oldTasks, Map<String, Holdings> nodes) {
        List<Optional<Source>> sources = new ArrayList<>();
        for (int task = 0; task < oldTasks; task++) {
            sources.add(sourceOf(task, nodes));
        }
        return new RebuildPlan(sources);
    }

    private static Optional<Source> sourceOf(int task, Map<String, Holdings> nodes) {
        for (Map.Entry<String, Holdings> n : nodes.entrySet()) {
            if (n.getValue().copies().contains(task)) {
                return Optional.of(new Source(n.getKey(), task, false));
            }
        }
        for (Map.Entry<String, Holdings> n : nodes.entrySet()) {
            if (n.getValue().pieces().contains(task)) {
                return Optional.of(new Source(n.getKey(), task, true));
            }
        }
        return Optional.empty();
    }

    /** The old tasks whose files nothing is left of. */
    public List<Integer> lost() {
        List<Integer> lost = new ArrayList<>();
        for (int task = 0; task < sources.size(); task++) {
            if (sources.get(task).isEmpty()) {
                lost.add(task);
            }
        }
        return lost;
    }

    /**
     * Where {@code host}, holding {@code held}, gets each file of the set it lacks among its copies:
     * its own pieces first (a source on {@code host} itself), then other nodes.
     */
    public List<Source> stepsFor(String host, Holdings held) {
        List<Source> steps = new ArrayList<>();
        for (int task = 0; task < sources.size(); task++) {
            if (held.copies().contains(task)) {
                continue;
            }
            steps.add(held.pieces().contains(task) ? new Source(host, task, true) : sources.get(task).orElseThrow());
        }
        return steps;
    }
}
