/* Collective calls (mpi.Collective, for mpi.Comm). Counts and displacements are copied to C memory
 * before any array enters a critical region. */
#include "jckpt_mpi.h"
#include "mpi_Collective.h"

#include <stdlib.h>

JNIEXPORT jint JNICALL Java_mpi_Collective_barrier(JNIEnv *env, jclass cls, jlong comm)
{
    (void)env;
    (void)cls;
    MPI_Request r;
    return BLOCKING(MPI_Barrier(COMM(comm)), MPI_Ibarrier(COMM(comm), &r), r);
}

JNIEXPORT jint JNICALL Java_mpi_Collective_bcast(JNIEnv *env, jclass cls, jlong comm, jobject base, jlong offset, jint count,
                                                 jlong type, jint root)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_OUT(base, offset)};
    MPI_Request r;
    return MSGBUF_CALL(env, b, BLOCKING(MPI_Bcast(b[0].address, count, TYPE(type), root, COMM(comm)),
                                        MPI_Ibcast(b[0].address, count, TYPE(type), root, COMM(comm), &r), r));
}

JNIEXPORT jint JNICALL Java_mpi_Collective_reduce(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                  jobject recv_base, jlong recv_offset, jint count, jlong type, jlong op, jint root)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    MPI_Request r;
    return MSGBUF_CALL(env, b, BLOCKING(MPI_Reduce(b[0].address, b[1].address, count, TYPE(type), OP(op), root, COMM(comm)),
                                        MPI_Ireduce(b[0].address, b[1].address, count, TYPE(type), OP(op), root, COMM(comm), &r),
                                        r));
}

JNIEXPORT jint JNICALL Java_mpi_Collective_allReduce(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                     jobject recv_base, jlong recv_offset, jint count, jlong type, jlong op)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    MPI_Request r;
    return MSGBUF_CALL(env, b, BLOCKING(MPI_Allreduce(b[0].address, b[1].address, count, TYPE(type), OP(op), COMM(comm)),
                                        MPI_Iallreduce(b[0].address, b[1].address, count, TYPE(type), OP(op), COMM(comm), &r), r));
}

JNIEXPORT jint JNICALL Java_mpi_Collective_reduceScatter(JNIEnv *env, jclass cls, jlong comm, jobject send_base,
                                                         jlong send_offset, jobject recv_base, jlong recv_offset,
                                                         jintArray recv_counts, jlong type, jlong op)
{
    (void)cls;
    int *counts = int_array_copy(env, recv_counts);
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    MPI_Request r;
    int rc = counts == NULL ? MPI_ERR_NO_MEM
                            : MSGBUF_CALL(env, b, BLOCKING(MPI_Reduce_scatter(b[0].address, b[1].address, counts, TYPE(type),
                                                                              OP(op), COMM(comm)),
                                                           MPI_Ireduce_scatter(b[0].address, b[1].address, counts, TYPE(type),
                                                                               OP(op), COMM(comm), &r),
                                                           r));
    free(counts);
    return rc;
}

/* MPI_Gather and MPI_Scatter: one count and type each way, and a root; and their nonblocking twins. */
typedef int (*rooted_call)(const void *, int, MPI_Datatype, void *, int, MPI_Datatype, int, MPI_Comm);
typedef int (*rooted_start)(const void *, int, MPI_Datatype, void *, int, MPI_Datatype, int, MPI_Comm, MPI_Request *);
/* MPI_Allgather and MPI_Alltoall: the same without a root. */
typedef int (*rootless_call)(const void *, int, MPI_Datatype, void *, int, MPI_Datatype, MPI_Comm);
typedef int (*rootless_start)(const void *, int, MPI_Datatype, void *, int, MPI_Datatype, MPI_Comm, MPI_Request *);

static int rooted(JNIEnv *env, rooted_call call, rooted_start start, jlong comm, jobject send_base, jlong send_offset, jint send_count,
                  jlong send_type, jobject recv_base, jlong recv_offset, jint recv_count, jlong recv_type, jint root)
{
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    MPI_Request r;
    return MSGBUF_CALL(env, b, BLOCKING(call(b[0].address, send_count, TYPE(send_type), b[1].address, recv_count,
                                             TYPE(recv_type), root, COMM(comm)),
                                        start(b[0].address, send_count, TYPE(send_type), b[1].address, recv_count,
                                              TYPE(recv_type), root, COMM(comm), &r),
                                        r));
}

static int rootless(JNIEnv *env, rootless_call call, rootless_start start, jlong comm, jobject send_base, jlong send_offset, jint send_count,
                    jlong send_type, jobject recv_base, jlong recv_offset, jint recv_count, jlong recv_type)
{
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    MPI_Request r;
    return MSGBUF_CALL(env, b, BLOCKING(call(b[0].address, send_count, TYPE(send_type), b[1].address, recv_count,
                                             TYPE(recv_type), COMM(comm)),
                                        start(b[0].address, send_count, TYPE(send_type), b[1].address, recv_count,
                                              TYPE(recv_type), COMM(comm), &r),
                                        r));
}

JNIEXPORT jint JNICALL Java_mpi_Collective_gather(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                  jint send_count, jlong send_type, jobject recv_base, jlong recv_offset,
                                                  jint recv_count, jlong recv_type, jint root)
{
    (void)cls;
    return rooted(env, MPI_Gather, MPI_Igather, comm, send_base, send_offset, send_count, send_type, recv_base, recv_offset, recv_count,
                  recv_type, root);
}

JNIEXPORT jint JNICALL Java_mpi_Collective_scatter(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                   jint send_count, jlong send_type, jobject recv_base, jlong recv_offset,
                                                   jint recv_count, jlong recv_type, jint root)
{
    (void)cls;
    return rooted(env, MPI_Scatter, MPI_Iscatter, comm, send_base, send_offset, send_count, send_type, recv_base, recv_offset, recv_count,
                  recv_type, root);
}

JNIEXPORT jint JNICALL Java_mpi_Collective_allGather(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                     jint send_count, jlong send_type, jobject recv_base, jlong recv_offset,
                                                     jint recv_count, jlong recv_type)
{
    (void)cls;
    return rootless(env, MPI_Allgather, MPI_Iallgather, comm, send_base, send_offset, send_count, send_type, recv_base, recv_offset,
                    recv_count, recv_type);
}

JNIEXPORT jint JNICALL Java_mpi_Collective_allToAll(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                    jint send_count, jlong send_type, jobject recv_base, jlong recv_offset,
                                                    jint recv_count, jlong recv_type)
{
    (void)cls;
    return rootless(env, MPI_Alltoall, MPI_Ialltoall, comm, send_base, send_offset, send_count, send_type, recv_base, recv_offset,
                    recv_count, recv_type);
}

/* Counts and displacements in C memory: two arrays per call at most (allToAllv), NULL where Java passed null. */
typedef struct {
    int *counts[2];
    int *displacements[2];
} layouts;

static int layouts_copy(JNIEnv *env, layouts *l, int n, jintArray counts[], jintArray displacements[])
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        l->counts[i] = int_array_copy(env, counts[i]);
        l->displacements[i] = int_array_copy(env, displacements[i]);
        if ((counts[i] != NULL && l->counts[i] == NULL) || (displacements[i] != NULL && l->displacements[i] == NULL)) {
            rc = MPI_ERR_NO_MEM;
        }
    }
    return rc;
}

static int layouts_free(layouts *l, int n, int rc)
{
    for (int i = 0; i < n; i++) {
        free(l->counts[i]);
        free(l->displacements[i]);
    }
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_Collective_gatherv(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                   jint send_count, jlong send_type, jobject recv_base, jlong recv_offset,
                                                   jintArray recv_counts, jintArray displacements, jlong recv_type, jint root)
{
    (void)cls;
    layouts l = {{NULL, NULL}, {NULL, NULL}};
    int rc = layouts_copy(env, &l, 1, &recv_counts, &displacements);
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    if (rc == 0) {
        MPI_Request r;
        rc = MSGBUF_CALL(env, b, BLOCKING(MPI_Gatherv(b[0].address, send_count, TYPE(send_type), b[1].address, l.counts[0],
                                                      l.displacements[0], TYPE(recv_type), root, COMM(comm)),
                                          MPI_Igatherv(b[0].address, send_count, TYPE(send_type), b[1].address, l.counts[0],
                                                       l.displacements[0], TYPE(recv_type), root, COMM(comm), &r),
                                          r));
    }
    return layouts_free(&l, 1, rc);
}

JNIEXPORT jint JNICALL Java_mpi_Collective_scatterv(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                    jintArray send_counts, jintArray displacements, jlong send_type,
                                                    jobject recv_base, jlong recv_offset, jint recv_count, jlong recv_type,
                                                    jint root)
{
    (void)cls;
    layouts l = {{NULL, NULL}, {NULL, NULL}};
    int rc = layouts_copy(env, &l, 1, &send_counts, &displacements);
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    if (rc == 0) {
        MPI_Request r;
        rc = MSGBUF_CALL(env, b, BLOCKING(MPI_Scatterv(b[0].address, l.counts[0], l.displacements[0], TYPE(send_type),
                                                       b[1].address, recv_count, TYPE(recv_type), root, COMM(comm)),
                                          MPI_Iscatterv(b[0].address, l.counts[0], l.displacements[0], TYPE(send_type),
                                                        b[1].address, recv_count, TYPE(recv_type), root, COMM(comm), &r),
                                          r));
    }
    return layouts_free(&l, 1, rc);
}

JNIEXPORT jint JNICALL Java_mpi_Collective_allGatherv(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                      jint send_count, jlong send_type, jobject recv_base, jlong recv_offset,
                                                      jintArray recv_counts, jintArray displacements, jlong recv_type)
{
    (void)cls;
    layouts l = {{NULL, NULL}, {NULL, NULL}};
    int rc = layouts_copy(env, &l, 1, &recv_counts, &displacements);
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    if (rc == 0) {
        MPI_Request r;
        rc = MSGBUF_CALL(env, b, BLOCKING(MPI_Allgatherv(b[0].address, send_count, TYPE(send_type), b[1].address, l.counts[0],
                                                         l.displacements[0], TYPE(recv_type), COMM(comm)),
                                          MPI_Iallgatherv(b[0].address, send_count, TYPE(send_type), b[1].address, l.counts[0],
                                                          l.displacements[0], TYPE(recv_type), COMM(comm), &r),
                                          r));
    }
    return layouts_free(&l, 1, rc);
}

JNIEXPORT jint JNICALL Java_mpi_Collective_allToAllv(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                     jintArray send_counts, jintArray send_displacements, jlong send_type,
                                                     jobject recv_base, jlong recv_offset, jintArray recv_counts,
                                                     jintArray recv_displacements, jlong recv_type)
{
    (void)cls;
    layouts l = {{NULL, NULL}, {NULL, NULL}};
    jintArray counts[] = {send_counts, recv_counts};
    jintArray displacements[] = {send_displacements, recv_displacements};
    int rc = layouts_copy(env, &l, 2, counts, displacements);
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    if (rc == 0) {
        MPI_Request r;
        rc = MSGBUF_CALL(env, b, BLOCKING(MPI_Alltoallv(b[0].address, l.counts[0], l.displacements[0], TYPE(send_type),
                                                        b[1].address, l.counts[1], l.displacements[1], TYPE(recv_type),
                                                        COMM(comm)),
                                          MPI_Ialltoallv(b[0].address, l.counts[0], l.displacements[0], TYPE(send_type),
                                                         b[1].address, l.counts[1], l.displacements[1], TYPE(recv_type),
                                                         COMM(comm), &r),
                                          r));
    }
    return layouts_free(&l, 2, rc);
}
