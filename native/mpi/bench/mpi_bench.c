/*
 * The C reference of bench-mpi, the same loops as org.jckpt.examples.MpiBench:
 *   jckpt_mpi_bench pingpong [quick]   2 tasks: half round trip of 8 bytes (latency), bandwidth of 1 MiB and 16 MiB
 *   jckpt_mpi_bench allreduce [quick]  every task: allreduce (sum of doubles) of 8 bytes and 8 MiB
 * Each figure is the median of SEGMENTS timed loops after one untimed loop (warm-up); quick runs a tenth
 * of the rounds. Task 0 prints "name value" lines; bench-mpi prefixes the names with "c_".
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEGMENTS 5
#define MIB (1024 * 1024)

static int rank;
static int quick;

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Rounds per timed loop: a tenth with quick, at least 2. */
static int rounds_of(int rounds)
{
    if (!quick) {
        return rounds;
    }
    return rounds / 10 > 2 ? rounds / 10 : 2;
}

/* A timed loop: seconds per round of count elements from a (and into b), as task 0 measured it. */
typedef double (*timed_loop)(void *a, void *b, int count, int rounds);

/* Seconds per round trip of bytes between tasks 0 and 1 (others idle). */
static double round_trip(void *buf, void *unused, int bytes, int rounds)
{
    (void)unused;
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

/* Seconds per allreduce of count doubles on every task. */
static double allreduce(void *in, void *out, int count, int rounds)
{
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    for (int i = 0; i < rounds; i++) {
        MPI_Allreduce(in, out, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    }
    double seconds = (MPI_Wtime() - start) / rounds;
    MPI_Bcast(&seconds, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    return seconds;
}

/* The median seconds of SEGMENTS timed loops, after one untimed loop (warm-up). */
static double median(timed_loop loop, void *a, void *b, int count, int rounds)
{
    double t[SEGMENTS];
    loop(a, b, count, rounds_of(rounds));
    for (int s = 0; s < SEGMENTS; s++) {
        t[s] = loop(a, b, count, rounds_of(rounds));
    }
    qsort(t, SEGMENTS, sizeof(double), compare_doubles);
    return t[SEGMENTS / 2];
}

static void report(const char *name, double value)
{
    if (rank == 0) {
        printf("%s %.3f\n", name, value);
    }
}

static void ping_pong(void)
{
    char *buf = calloc(16 * MIB, 1);
    report("latency_us", median(round_trip, buf, NULL, 8, 10000) / 2 * 1e6);
    report("bw_mbps_1m", MIB / (median(round_trip, buf, NULL, MIB, 200) / 2) / 1e6);
    report("bw_mbps_16m", 16.0 * MIB / (median(round_trip, buf, NULL, 16 * MIB, 20) / 2) / 1e6);
    free(buf);
}

static void all_reduce(void)
{
    double *in = calloc(MIB, sizeof(double));
    double *out = calloc(MIB, sizeof(double));
    report("allreduce_us_8b", median(allreduce, in, out, 1, 10000) * 1e6);
    report("allreduce_us_8m", median(allreduce, in, out, MIB, 10) * 1e6);
    free(in);
    free(out);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    quick = argc > 2 && strcmp(argv[2], "quick") == 0;
    if (argc > 1 && strcmp(argv[1], "pingpong") == 0) {
        ping_pong();
    } else if (argc > 1 && strcmp(argv[1], "allreduce") == 0) {
        all_reduce();
    } else {
        if (rank == 0) {
            fprintf(stderr, "usage: jckpt_mpi_bench pingpong|allreduce [quick]\n");
        }
        MPI_Finalize();
        return 2;
    }
    MPI_Finalize();
    return 0;
}
