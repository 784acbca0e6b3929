package org.jckpt.record;

import java.util.Collection;

/** The median of measured values: the middle one, or the mean of the two middle ones. */
public final class Median {
    private Median() {
    }

    /** Null for no values. */
    public static Double of(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
