package org.jckpt.engine.app.redundancy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which tasks share XOR parity ({@code --redundancy xor:K}), after SCR's XOR sets: the ring's nodes
 * in groups of K consecutive nodes (the last group takes the nodes left over, so a group has K to
 * 2K-1), and within a group the j-th tasks of its nodes form one parity group, so that no parity
 * group has two tasks on one node and the loss of one node costs each group at most one member. A
 * task that is the only j-th task of its node group (nodes with unequal task counts) has no group
 * to share parity with: its copy goes whole to a task of the next node of its node group, as a
 * partner copy.
 *
 * @param groups  the parity groups, each its tasks in member order (the order {@link XorCode} uses)
 * @param partner for each task without a parity group, the task that keeps its partner copy
 */
public record XorGroups(List<List<Integer>> groups, Map<Integer, Integer> partner) {

    /** The groups of a job on {@code ring}, with {@code k} nodes a group (the ring has at least k). */
    public static XorGroups of(NodeRing ring, int k) {
        List<String> nodes = ring.nodeNames();
        int nodeGroups = Math.max(1, nodes.size() / k);
        List<List<List<Integer>>> byNodeGroup = new ArrayList<>();
        for (int g = 0; g < nodeGroups; g++) {
            byNodeGroup.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            byNodeGroup.get(Math.min(i / k, nodeGroups - 1)).add(ring.tasksOn(nodes.get(i)));
        }
        List<List<Integer>> groups = new ArrayList<>();
        Map<Integer, Integer> partner = new LinkedHashMap<>();
        for (List<List<Integer>> nodeGroup : byNodeGroup) {
            int most = nodeGroup.stream().mapToInt(List::size).max().orElse(0);
            for (int j = 0; j < most; j++) {
                List<Integer> members = new ArrayList<>();
                List<Integer> next = null;
                for (int n = 0; n < nodeGroup.size(); n++) {
                    if (j < nodeGroup.get(n).size()) {
                        members.add(nodeGroup.get(n).get(j));
                        next = nodeGroup.get((n + 1) % nodeGroup.size());
                    }
                }
                if (members.size() == 1) {
                    partner.put(members.get(0), next.get(j % next.size()));
                } else {
                    groups.add(List.copyOf(members));
                }
            }
        }
        return new XorGroups(List.copyOf(groups), Map.copyOf(partner));
    }

    /** The parity group of {@code task}, or an empty list when its copy has a partner instead. */
    public List<Integer> groupOf(int task) {
        return groups.stream().filter(g -> g.contains(task)).findFirst().orElse(List.of());
    }

    /** What a set file records: groups as their tasks ("0 2 4"), partner copies as "task>partner", by ";". */
    public String encode() {
        List<String> parts = new ArrayList<>();
        groups.forEach(g -> parts.add(g.stream().map(String::valueOf).collect(Collectors.joining(" "))));
        partner.forEach((t, p) -> parts.add(t + ">" + p));
        return String.join(";", parts);
    }

    /** Reads back what {@link #encode} wrote. */
    public static XorGroups parse(String text) {
        List<List<Integer>> groups = new ArrayList<>();
        Map<Integer, Integer> partner = new LinkedHashMap<>();
        for (String part : text.isEmpty() ? new String[0] : text.split(";")) {
            if (part.contains(">")) {
                String[] tp = part.split(">");
                partner.put(Integer.valueOf(tp[0]), Integer.valueOf(tp[1]));
            } else {
                groups.add(Arrays.stream(part.split(" ")).map(Integer::valueOf).toList());
            }
        }
        return new XorGroups(List.copyOf(groups), Map.copyOf(partner));
    }
}
