package org.jckpt.examples;

import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.GlobalRange;
import org.jckpt.api.Jckpt;

/**
 * 2-D Jacobi heat diffusion on an n x n plate whose top edge is held at 1 and the other edges
 * at 0. Interior rows are split across ranks; each iteration exchanges halo rows with
 * {@code sendRecv} and sums the squared change with {@code allReduce}.
 *
 * <p>Every point's update depends only on its neighbours, so the grid is bit-identical for any
 * rank count. The last line, {@code checksum <16 hex digits>}, hashes the IEEE-754 bits of every
 * interior row in row order (rank 0 combines the per-row hashes), so it is too.
 *
 * <p>The grid's interior rows are registered as a distributed array of rows and the iteration as a
 * replicated value, so a set restarts with any rank count.
 *
 * <p>Options: {@code --n SIZE --iters K}; {@code --partial-every K} makes rank 0 ask for a partial
 * checkpoint every K iterations instead of every task taking complete ones when jckpt says so.
 */
public final class Heat {
    private final int n;
    private final int rank;
    private final int size;
    private final int firstRow;
    private final int rows;
    private double[] grid;
    private double[] next;

    Heat(int n, int rank, int size) {
        this.n = n;
        this.rank = rank;
        this.size = size;
        int interior = n - 2;
        this.firstRow = 1 + interior * rank / size;
        this.rows = 1 + interior * (rank + 1) / size - firstRow;
        this.grid = new double[(rows + 2) * n];
        this.next = new double[(rows + 2) * n];
        if (rank == 0) {
            for (double[] g : new double[][] {grid, next}) {
                java.util.Arrays.fill(g, 0, n, 1.0); // top edge, the halo above rank 0
            }
        }
    }

    public static void main(String[] args) throws MPIException {
        Options opt = new Options(args, "--n", "--iters", "--partial-every");
        int n = (int) opt.number("--n", 256);
        long iters = opt.number("--iters", 500);
        long partialEvery = opt.number("--partial-every", 0);
        try (Jckpt ckpt = Jckpt.init(args)) {
            if (n - 2 < ckpt.size()) {
                Options.fail("--n " + n + " leaves fewer interior rows than the " + ckpt.size() + " ranks");
            }
            Heat heat = new Heat(n, ckpt.rank(), ckpt.size());
            long[] iter = {0};
            // The interior rows are one global space of n - 2 rows: a restart with any rank count
            // gives each rank its new rows; halos come from the first exchange.
            ckpt.registerDistributed("grid", heat.grid, n, GlobalRange.rows(heat.firstRow - 1, heat.rows, n - 2, n))
                    .registerReplicated("iter", iter);
            if (ckpt.restore() && ckpt.rank() == 0) {
                System.out.println("restarted at iteration " + iter[0]);
            }
            double residual = 0;
            for (; iter[0] < iters; iter[0]++) {
                if (partialEvery > 0) {
                    if (ckpt.rank() == 0 && iter[0] > 0 && iter[0] % partialEvery == 0) {
                        ckpt.requestCheckpoint();
                    }
                    ckpt.poll();
                } else if (ckpt.needCheckpoint()) {
                    Checkpoints.take(ckpt);
                }
                residual = heat.step();
            }
            long checksum = heat.checksum();
            if (ckpt.rank() == 0) {
                System.out.printf("n %d iterations %d ranks %d residual %.6e%n", n, iters, ckpt.size(), residual);
                System.out.printf("checksum %016x%n", checksum);
            }
        }
    }

    /** One Jacobi sweep; returns the global sum of squared changes. */
    double step() throws MPIException {
        exchangeHalos();
        double local = 0;
        for (int r = 1; r <= rows; r++) {
            int row = r * n;
            for (int c = 1; c < n - 1; c++) {
                int i = row + c;
                double v = 0.25 * (grid[i - n] + grid[i + n] + grid[i - 1] + grid[i + 1]);
                double d = v - grid[i];
                local += d * d;
                next[i] = v;
            }
        }
        // Swap contents, not arrays: jckpt holds the registered array.
        System.arraycopy(next, n, grid, n, rows * n);
        double[] sum = {local};
        MPI.COMM_WORLD.allReduce(sum, 1, MPI.DOUBLE, MPI.SUM);
        return sum[0];
    }

    private void exchangeHalos() throws MPIException {
        int up = rank > 0 ? rank - 1 : MPI.PROC_NULL;
        int down = rank < size - 1 ? rank + 1 : MPI.PROC_NULL;
        double[] send = new double[n];
        double[] recv = new double[n];
        // Send my first row up, receive the row below my last from down; then the reverse.
        System.arraycopy(grid, n, send, 0, n);
        MPI.COMM_WORLD.sendRecv(send, n, MPI.DOUBLE, up, 1, recv, n, MPI.DOUBLE, down, 1);
        if (down != MPI.PROC_NULL) {
            System.arraycopy(recv, 0, grid, (rows + 1) * n, n);
        }
        System.arraycopy(grid, rows * n, send, 0, n);
        MPI.COMM_WORLD.sendRecv(send, n, MPI.DOUBLE, down, 2, recv, n, MPI.DOUBLE, up, 2);
        if (up != MPI.PROC_NULL) {
            System.arraycopy(recv, 0, grid, 0, n);
        }
    }

    /** Hash of every interior row, in row order, identical for any decomposition. */
    long checksum() throws MPIException {
        long[] mine = new long[rows];
        for (int r = 0; r < rows; r++) {
            long h = 0xcbf29ce484222325L;
            for (int c = 0; c < n; c++) {
                h = (h ^ Double.doubleToLongBits(grid[(r + 1) * n + c])) * 0x100000001b3L;
            }
            mine[r] = h;
        }
        int[] counts = new int[size];
        int[] displs = new int[size];
        for (int p = 0; p < size; p++) {
            displs[p] = (n - 2) * p / size;
            counts[p] = (n - 2) * (p + 1) / size - displs[p];
        }
        long[] all = new long[n - 2];
        MPI.COMM_WORLD.gatherv(mine, rows, MPI.LONG, all, counts, displs, MPI.LONG, 0);
        long h = 0;
        for (long rowHash : all) {
            h = Long.rotateLeft(h, 5) * 0x9E3779B97F4A7C15L ^ rowHash;
        }
        return h;
    }
}
