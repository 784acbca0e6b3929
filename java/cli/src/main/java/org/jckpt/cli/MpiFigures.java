package org.jckpt.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench-mpi's figures: every single run's value under its name ({@code c_latency_us},
 * {@code jckpt_bw_mbps_16m_array}, ...), their medians and how much the runs varied.
 */
final class MpiFigures {
    private final Map<String, List<Double>> runs = new LinkedHashMap<>();

    /** One run's figures of one binding: {@code latency_us_array 1.5} becomes {@code jckpt_latency_us_array}. */
    void add(String binding, Map<String, Double> run) {
        run.forEach((name, value) -> runs.computeIfAbsent(binding + "_" + name, k -> new ArrayList<>()).add(value));
    }

    /** The names, grouped by what they measure (C's, then each binding's), in the order first run. */
    List<String> names() {
        List<String> measures = runs.keySet().stream().map(MpiFigures::measure).distinct().toList();
        return runs.keySet().stream().sorted(Comparator.comparingInt(n -> measures.indexOf(measure(n)))).toList();
    }

    /** What a figure measures, whichever binding and buffer: {@code jckpt_latency_us_direct} measures {@code latency_us}. */
    static String measure(String name) {
        return name.substring(name.indexOf('_') + 1).replaceFirst("_(array|direct)$", "");
    }

    List<Double> runs(String name) {
        return List.copyOf(runs.get(name));
    }

    double median(String name) {
        double[] v = sorted(name);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    double min(String name) {
        return sorted(name)[0];
    }

    double max(String name) {
        double[] v = sorted(name);
        return v[v.length - 1];
    }

    /** How much single runs varied: (max - min) / median, in percent. */
    double spreadPercent(String name) {
        return (max(name) - min(name)) / median(name) * 100;
    }

    /** Every figure's median, by name. */
    Map<String, Double> medians() {
        Map<String, Double> medians = new LinkedHashMap<>();
        names().forEach(n -> medians.put(n, median(n)));
        return medians;
    }

    private double[] sorted(String name) {
        return runs.get(name).stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
}
