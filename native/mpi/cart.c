/* Cartesian topologies (mpi.CartComm). */
#include "jckpt_mpi.h"
#include "mpi_CartComm.h"

#include <stdlib.h>

JNIEXPORT jint JNICALL Java_mpi_CartComm_create(JNIEnv *env, jclass cls, jlong comm, jintArray dims, jbooleanArray periods,
                                                jboolean reorder, jlongArray new_comm)
{
    (void)cls;
    jsize n = (*env)->GetArrayLength(env, dims);
    int *dim_values = int_array_copy(env, dims);
    int *period_values = malloc(sizeof(int) * (n > 0 ? (size_t)n : 1));
    jboolean *flags = (*env)->GetBooleanArrayElements(env, periods, NULL);
    int rc = MPI_ERR_NO_MEM;
    if (dim_values != NULL && period_values != NULL && flags != NULL) {
        for (jsize i = 0; i < n; i++) {
            period_values[i] = flags[i];
        }
        MPI_Comm made = MPI_COMM_NULL;
        rc = MPI_Cart_create(COMM(comm), n, dim_values, period_values, reorder, &made);
        handle_store(env, new_comm, JAVA_HANDLE(made));
    }
    if (flags != NULL) {
        (*env)->ReleaseBooleanArrayElements(env, periods, flags, JNI_ABORT);
    }
    free(dim_values);
    free(period_values);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_CartComm_dimCount(JNIEnv *env, jclass cls, jlong comm, jintArray count)
{
    (void)cls;
    int value = 0;
    int rc = MPI_Cartdim_get(COMM(comm), &value);
    int_store(env, count, 0, value);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_CartComm_topo(JNIEnv *env, jclass cls, jlong comm, jintArray dims, jintArray periods,
                                              jintArray coords)
{
    (void)cls;
    jsize n = (*env)->GetArrayLength(env, dims);
    jint *d = (*env)->GetIntArrayElements(env, dims, NULL);
    jint *p = (*env)->GetIntArrayElements(env, periods, NULL);
    jint *c = (*env)->GetIntArrayElements(env, coords, NULL);
    int rc = d != NULL && p != NULL && c != NULL ? MPI_Cart_get(COMM(comm), n, (int *)d, (int *)p, (int *)c) : MPI_ERR_NO_MEM;
    if (c != NULL) {
        (*env)->ReleaseIntArrayElements(env, coords, c, 0);
    }
    if (p != NULL) {
        (*env)->ReleaseIntArrayElements(env, periods, p, 0);
    }
    if (d != NULL) {
        (*env)->ReleaseIntArrayElements(env, dims, d, 0);
    }
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_CartComm_rankAt(JNIEnv *env, jclass cls, jlong comm, jintArray coords, jintArray rank)
{
    (void)cls;
    int *c = int_array_copy(env, coords);
    int value = MPI_PROC_NULL;
    int rc = c != NULL ? MPI_Cart_rank(COMM(comm), c, &value) : MPI_ERR_NO_MEM;
    int_store(env, rank, 0, value);
    free(c);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_CartComm_coords(JNIEnv *env, jclass cls, jlong comm, jint rank, jintArray coords)
{
    (void)cls;
    jsize n = (*env)->GetArrayLength(env, coords);
    jint *c = (*env)->GetIntArrayElements(env, coords, NULL);
    int rc = c != NULL ? MPI_Cart_coords(COMM(comm), rank, n, (int *)c) : MPI_ERR_NO_MEM;
    if (c != NULL) {
        (*env)->ReleaseIntArrayElements(env, coords, c, 0);
    }
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_CartComm_shift(JNIEnv *env, jclass cls, jlong comm, jint direction, jint displacement,
                                               jintArray source_and_dest)
{
    (void)cls;
    int source = MPI_PROC_NULL;
    int dest = MPI_PROC_NULL;
    int rc = MPI_Cart_shift(COMM(comm), direction, displacement, &source, &dest);
    int_store(env, source_and_dest, 0, source);
    int_store(env, source_and_dest, 1, dest);
    return rc;
}
