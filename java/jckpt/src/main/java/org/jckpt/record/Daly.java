package org.jckpt.record;

/**
 * Daly's higher-order estimate of the optimum compute time between checkpoints (J. T. Daly, "A
 * higher order estimate of the optimum checkpoint interval for restart dumps", FGCS 22, 2006):
 * {@code sqrt(2CM) (1 + sqrt(C/2M)/3 + (C/2M)/9) - C} for a checkpoint cost C below 2M, else M.
 * Young's first-order {@code sqrt(2CM)} is its leading term.
 */
public final class Daly {
    private Daly() {
    }

    /** Compute time between the end of one checkpoint and the start of the next, in the unit of the arguments. */
    public static double interval(double cost, double mtbf) {
        if (cost >= 2 * mtbf) {
            return mtbf;
        }
        double r = cost / (2 * mtbf);
        return Math.sqrt(2 * cost * mtbf) * (1 + Math.sqrt(r) / 3 + r / 9) - cost;
    }
}
