/*
 * The C reference of bench-mpi: ping-pong between tasks 0 and 1 (half round trip latency of 8 bytes,
 * bandwidth of 1 MiB and 16 MiB) and allreduce of 8 bytes and 8 MiB on every task. Each figure is the
 * median of REPEATS timed runs. Task 0 prints "name value" lines, the names bench-mpi's JSON uses.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPEATS 7
#define MIB (1024 * 1024)

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int count)
{
    qsort(values, count, sizeof(double), compare_doubles);
    return values[count / 2];
}

/* Seconds per round trip of bytes between tasks 0 and 1 (others idle). */
static double round_trip(char *buf, int bytes, int rounds, int rank)
{
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    for (int i = 0; i < rounds && rank < 2; i++) {
        if (rank == 0) {
            MPI_Send(buf, bytes, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
            MPI_Recv(buf, bytes, MPI_BYTE, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(buf, bytes, MPI_BYTE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(buf, bytes, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
        }
    }
    double seconds = (MPI_Wtime() - start) / rounds;
    MPI_Bcast(&seconds, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    return seconds;
}

/* Seconds per allreduce (sum) of bytes of doubles on every task. */
static double allreduce(double *in, double *out, int bytes, int rounds)
{
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    for (int i = 0; i < rounds; i++) {
        MPI_Allreduce(in, out, bytes / (int)sizeof(double), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    }
    double seconds = (MPI_Wtime() - start) / rounds;
    MPI_Bcast(&seconds, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    return seconds;
}

static void report(int rank, const char *name, double value)
{
    if (rank == 0) {
        printf("%s %.3f\n", name, value);
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    char *buf = calloc(16 * MIB, 1);
    double *in = calloc(8 * MIB, 1);
    double *out = calloc(8 * MIB, 1);
    double t[5][REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        t[0][r] = round_trip(buf, 8, 10000, rank) / 2 * 1e6;
        t[1][r] = MIB / (round_trip(buf, MIB, 200, rank) / 2) / 1e6;
        t[2][r] = 16.0 * MIB / (round_trip(buf, 16 * MIB, 20, rank) / 2) / 1e6;
        t[3][r] = allreduce(in, out, 8, 10000) * 1e6;
        t[4][r] = allreduce(in, out, 8 * MIB, 10) * 1e6;
    }
    report(rank, "c_latency_us", median(t[0], REPEATS));
    report(rank, "c_bw_mbps_1m", median(t[1], REPEATS));
    report(rank, "c_bw_mbps_16m", median(t[2], REPEATS));
    report(rank, "c_allreduce_us_8b", median(t[3], REPEATS));
    report(rank, "c_allreduce_us_8m", median(t[4], REPEATS));
    free(buf);
    free(in);
    free(out);
    MPI_Finalize();
    return 0;
}
