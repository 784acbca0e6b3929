package org.jckpt.engine.app.redundancy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a restart's nodes get the files of a set on the local level that their tasks read: for each
 * of its task files, where it comes from (its own copy where one is left, else a partner copy, else
 * decoded from its parity group's XOR), and what each node must fetch or unpack. Every task computes
 * the same plan from the nodes' inventories.
 *
 * @param sources  where each old task's file comes from, by old task; empty where nothing is left
 * @param parityAt the node that holds each old task's parity, by old task
 */
public record RebuildPlan(List<Optional<Source>> sources, Map<Integer, String> parityAt) {

    /** What one node holds of the set: copies and partner copies, and parities, by old task. */
    public record Holdings(Set<Integer> copies, Set<Integer> pieces, Set<Integer> parity) {
        /** These holdings but {@code damaged}. */
        public Holdings without(Holdings damaged) {
            return new Holdings(minus(copies, damaged.copies()), minus(pieces, damaged.pieces()), minus(parity, damaged.parity()));
        }

        private static Set<Integer> minus(Set<Integer> all, Set<Integer> gone) {
            Set<Integer> left = new HashSet<>(all);
            left.removeAll(gone);
            return left;
        }
    }

    /** How a task file is had: its own copy, a partner copy (a piece), or decoded from parity. */
    public enum Kind {
        COPY, PIECE, PARITY
    }

    /** Old task {@code task}'s file as {@code host} holds it; for {@link Kind#PARITY}, where it is decoded. */
    public record Source(String host, int task, Kind kind) {
    }

    /**
     * The plan for a set of {@code oldTasks} files from what each node holds, nodes in the order of
     * their lowest task; {@code groups} are the set's parity groups (none without XOR).
     */
    public static RebuildPlan of(int oldTasks, Map<String, Holdings> nodes, XorGroups groups) {
        Map<Integer, String> parityAt = new LinkedHashMap<>();
        nodes.forEach((host, held) -> held.parity().forEach(t -> parityAt.putIfAbsent(t, host)));
        List<Optional<Source>> held = new ArrayList<>();
        for (int task = 0; task < oldTasks; task++) {
            held.add(heldBy(task, nodes));
        }
        List<Optional<Source>> sources = new ArrayList<>(held);
        for (int task = 0; task < oldTasks; task++) {
            if (held.get(task).isEmpty() && decodable(task, groups.groupOf(task), held, parityAt)) {
                sources.set(task, Optional.of(new Source("", task, Kind.PARITY)));
            }
        }
        return new RebuildPlan(sources, parityAt);
    }

    /**
     * The old tasks whose files the nodes hold more than once (copies, partner copies): those a
     * choice is made for, which is worth a check of each before it is made.
     */
    public static Set<Integer> heldMoreThanOnce(int oldTasks, Map<String, Holdings> nodes) {
        Set<Integer> tasks = new HashSet<>();
        for (int task = 0; task < oldTasks; task++) {
            int t = task;
            long places = nodes.values().stream().filter(h -> h.copies().contains(t)).count()
                    + nodes.values().stream().filter(h -> h.pieces().contains(t)).count();
            if (places > 1) {
                tasks.add(task);
            }
        }
        return tasks;
    }

    private static Optional<Source> heldBy(int task, Map<String, Holdings> nodes) {
        for (Map.Entry<String, Holdings> n : nodes.entrySet()) {
            if (n.getValue().copies().contains(task)) {
                return Optional.of(new Source(n.getKey(), task, Kind.COPY));
            }
        }
        for (Map.Entry<String, Holdings> n : nodes.entrySet()) {
            if (n.getValue().pieces().contains(task)) {
                return Optional.of(new Source(n.getKey(), task, Kind.PIECE));
            }
        }
        return Optional.empty();
    }

    /** Every other member's file is held somewhere, and every other member's parity. */
    private static boolean decodable(int task, List<Integer> group, List<Optional<Source>> held, Map<Integer, String> parityAt) {
        return !group.isEmpty() && group.stream().filter(t -> t != task).allMatch(t -> held.get(t).isPresent() && parityAt.containsKey(t));
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

    /** The old tasks whose files come from {@code kind}. */
    public List<Integer> from(Kind kind) {
        return sources.stream().flatMap(Optional::stream).filter(s -> s.kind() == kind).map(Source::task).toList();
    }

    /**
     * Where {@code host}, holding {@code held}, gets each file of {@code needed} it lacks among its
     * copies and that is not decoded ({@link XorRebuild} does that), in order of task: from its own
     * partner copy where it keeps one (a source on {@code host} itself), else from the node the plan names.
     */
    public List<Source> stepsFor(String host, Holdings held, Set<Integer> needed) {
        List<Source> steps = new ArrayList<>();
        for (int task : new TreeSet<>(needed)) {
            Source source = held.pieces().contains(task) ? new Source(host, task, Kind.PIECE) : sources.get(task).orElseThrow();
            if (!held.copies().contains(task) && source.kind() != Kind.PARITY) {
                steps.add(source);
            }
        }
        return steps;
    }
}
