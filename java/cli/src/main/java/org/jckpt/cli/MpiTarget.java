package org.jckpt.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of issue 22's speed targets for jckpt's binding, checked against bench-mpi's medians: the figure, its
 * rule in words, its value and the limit the rule gives. {@code atMost}: a time, lower is better.
 */
record MpiTarget(String figure, String rule, double value, double limit, boolean atMost) {

    boolean met() {
        return atMost ? value <= limit : value >= limit;
    }

    /** The targets whose figures were measured: against C, then against Open MPI's binding's same figure. */
    static List<MpiTarget> of(Map<String, Double> medians) {
        List<MpiTarget> targets = new ArrayList<>();
        Double c = medians.get("c_latency_us");
        if (c != null) {
            add(targets, medians, "jckpt_latency_us_direct", "<= 1.1 x C + 0.3 us", 1.1 * c + 0.3, true);
            add(targets, medians, "jckpt_latency_us_array", "<= 1.2 x C + 0.5 us", 1.2 * c + 0.5, true);
        }
        Double bw = medians.get("c_bw_mbps_16m");
        if (bw != null) {
            add(targets, medians, "jckpt_bw_mbps_16m_direct", ">= 0.9 x C", 0.9 * bw, false);
            add(targets, medians, "jckpt_bw_mbps_16m_array", ">= 0.9 x C", 0.9 * bw, false);
        }
        medians.forEach((name, value) -> {
            Double openMpis = medians.get(name.replaceFirst("^jckpt_", "openmpi_"));
            if (name.startsWith("jckpt_") && openMpis != null) {
                boolean time = !name.contains("_bw_");
                targets.add(new MpiTarget(name, time ? "<= 1.05 x Open MPI's" : ">= 0.95 x Open MPI's", value,
                        time ? 1.05 * openMpis : 0.95 * openMpis, time));
            }
        });
        return targets;
    }

    private static void add(List<MpiTarget> targets, Map<String, Double> medians, String figure, String rule, double limit,
                            boolean atMost) {
        Double value = medians.get(figure);
        if (value != null) {
            targets.add(new MpiTarget(figure, rule, value, limit, atMost));
        }
    }
}
