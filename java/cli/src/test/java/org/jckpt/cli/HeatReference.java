package org.jckpt.cli;

/** A serial Heat, written apart from the example: the checksum every rank count must reproduce. */
final class HeatReference {
    private HeatReference() {
    }

    static String checksum(int n, int iters) {
        double[][] g = new double[n][n];
        double[][] next = new double[n][n];
        java.util.Arrays.fill(g[0], 1.0);
        java.util.Arrays.fill(next[0], 1.0);
        for (int it = 0; it < iters; it++) {
            for (int r = 1; r < n - 1; r++) {
                for (int c = 1; c < n - 1; c++) {
                    next[r][c] = 0.25 * (g[r - 1][c] + g[r + 1][c] + g[r][c - 1] + g[r][c + 1]);
                }
            }
            double[][] t = g;
            g = next;
            next = t;
        }
        long h = 0;
        for (int r = 1; r < n - 1; r++) {
            long row = 0xcbf29ce484222325L;
            for (int c = 0; c < n; c++) {
                row = (row ^ Double.doubleToLongBits(g[r][c])) * 0x100000001b3L;
            }
            h = Long.rotateLeft(h, 5) * 0x9E3779B97F4A7C15L ^ row;
        }
        return String.format("checksum %016x", h);
    }
}
