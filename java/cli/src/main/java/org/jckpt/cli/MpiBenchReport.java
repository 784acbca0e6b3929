package org.jckpt.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** bench-mpi's output: one JSON object for scripts, a table for people. */
record MpiBenchReport(MpiFigures figures, List<MpiTarget> targets) {
    private static final String ROW = "%-31s %12s %12s %12s %8s%n";

    /**
     * The medians under their names, then {@code about} (how the run was made), then every run's value
     * ({@code runs}), the spread in percent and the targets.
     */
    Map<String, Object> json(Map<String, Object> about) {
        Map<String, Object> json = new LinkedHashMap<>();
        figures.medians().forEach((name, median) -> json.put(name, round(median)));
        json.putAll(about);
        Map<String, Object> runs = new LinkedHashMap<>();
        Map<String, Object> spread = new LinkedHashMap<>();
        for (String name : figures.names()) {
            runs.put(name, figures.runs(name).stream().map(MpiBenchReport::round).toList());
            spread.put(name, round(figures.spreadPercent(name)));
        }
        json.put("runs", runs);
        json.put("spread_pct", spread);
        json.put("targets", targets.stream().map(MpiBenchReport::json).toList());
        json.put("targets_met", targets.stream().filter(MpiTarget::met).count() + " of " + targets.size());
        return json;
    }

    private static Map<String, Object> json(MpiTarget t) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("figure", t.figure());
        json.put("rule", t.rule());
        json.put("value", round(t.value()));
        json.put("limit", round(t.limit()));
        json.put("met", t.met());
        return json;
    }

    /** One row per figure (median, and the range of single runs), grouped by measure; then the targets. */
    String table() {
        StringBuilder out = new StringBuilder(String.format(ROW, "figure", "median", "min", "max", "spread"));
        String measure = null;
        for (String name : figures.names()) {
            if (measure != null && !measure.equals(MpiFigures.measure(name))) {
                out.append('\n');
            }
            measure = MpiFigures.measure(name);
            out.append(String.format(ROW, name, number(figures.median(name)), number(figures.min(name)),
                    number(figures.max(name)), String.format("%.0f %%", figures.spreadPercent(name))));
        }
        out.append(String.format("%ntargets (medians): %d of %d met%n", targets.stream().filter(MpiTarget::met).count(),
                targets.size()));
        for (MpiTarget t : targets) {
            out.append(String.format("  %-31s %12s  %-22s (%s)  %s%n", t.figure(), number(t.value()), t.rule(),
                    number(t.limit()), t.met() ? "met" : "MISSED"));
        }
        return out.toString();
    }

    private static String number(double v) {
        return String.format("%.3f", v);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
