package org.jckpt.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's single measurements by name, gathered over its jobs, and their medians. */
final class BenchSeries {
    private final Map<String, List<Double>> series = new LinkedHashMap<>();

    /** Adds the numbers of a figure a workload printed as a list, {@code [1.5, 2.0]}. */
    void add(String name, String list) {
        series.computeIfAbsent(name, k -> new ArrayList<>()).addAll(numbers(list));
    }

    void add(String name, double value) {
        series.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    /** The single measurements of {@code name}, in the order taken. */
    List<Double> values(String name) {
        return List.copyOf(series.get(name));
    }

    /** The median of {@code name}'s measurements (of an even count, the upper one). */
    double median(String name) {
        double[] v = series.get(name).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[v.length / 2];
    }

    /** Every series as {@code <name>_each}, for the record of how much single runs varied. */
    void putEach(Map<String, Object> figures) {
        series.forEach((name, values) -> figures.put(name + "_each", values));
    }

    static List<Double> numbers(String list) {
        return Arrays.stream(list.replaceAll("[\\[\\] ]", "").split(",")).map(Double::parseDouble).toList();
    }
}
