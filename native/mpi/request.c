/* Completing, cancelling and freeing requests (mpi.Request). */
#include "jckpt_mpi.h"
#include "mpi_Constants.h"
#include "mpi_Request.h"

#include <stdlib.h>

JNIEXPORT jint JNICALL Java_mpi_Request_waitOne(JNIEnv *env, jclass cls, jlong handle, jintArray status_out)
{
    (void)cls;
    MPI_Request request = HANDLE_OF(MPI_Request, handle);
    MPI_Status status = status_empty();
    int rc = waits_yield ? waited(MPI_SUCCESS, &request, &status) : MPI_Wait(&request, &status);
    status_store(env, status_out, 0, &status);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_Request_testOne(JNIEnv *env, jclass cls, jlong handle, jintArray flag_and_status)
{
    (void)cls;
    MPI_Request request = HANDLE_OF(MPI_Request, handle);
    MPI_Status status = status_empty();
    int flag = 0;
    int rc = MPI_Test(&request, &flag, &status);
    int_store(env, flag_and_status, 0, flag);
    status_store(env, flag_and_status, 1, &status);
    return rc;
}

/* The requests of a Java long[] in C memory (MPI completes them in place), with room for their statuses. */
typedef struct {
    int count;
    MPI_Request *requests;
    MPI_Status *statuses;
} request_set;

static int request_set_load(JNIEnv *env, jlongArray handles, request_set *set)
{
    set->count = (*env)->GetArrayLength(env, handles);
    size_t n = set->count > 0 ? (size_t)set->count : 1;
    set->requests = malloc(n * sizeof(MPI_Request));
    set->statuses = malloc(n * sizeof(MPI_Status));
    if (set->requests == NULL || set->statuses == NULL) {
        return MPI_ERR_NO_MEM;
    }
    jlong *values = (*env)->GetLongArrayElements(env, handles, NULL);
    if (values == NULL) {
        return MPI_ERR_NO_MEM;
    }
    for (int i = 0; i < set->count; i++) {
        set->requests[i] = HANDLE_OF(MPI_Request, values[i]);
        set->statuses[i] = status_empty();
    }
    (*env)->ReleaseLongArrayElements(env, handles, values, JNI_ABORT);
    return 0;
}

static int request_set_free(request_set *set, int rc)
{
    free(set->requests);
    free(set->statuses);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_Request_waitAll(JNIEnv *env, jclass cls, jlongArray handles, jintArray statuses_out)
{
    (void)cls;
    request_set set;
    int rc = request_set_load(env, handles, &set);
    if (rc == 0) {
        rc = waits_yield ? waited_all(MPI_SUCCESS, set.count, set.requests, set.statuses)
                         : MPI_Waitall(set.count, set.requests, set.statuses);
        for (int i = 0; i < set.count; i++) {
            status_store(env, statuses_out, i * mpi_Constants_STATUS_LENGTH, &set.statuses[i]);
        }
    }
    return request_set_free(&set, rc);
}

JNIEXPORT jint JNICALL Java_mpi_Request_waitAny(JNIEnv *env, jclass cls, jlongArray handles, jintArray index_and_status)
{
    (void)cls;
    request_set set;
    int rc = request_set_load(env, handles, &set);
    if (rc == 0) {
        int index = MPI_UNDEFINED;
        rc = waited_any(set.count, set.requests, &index, set.statuses);
        int_store(env, index_and_status, 0, index);
        status_store(env, index_and_status, 1, set.statuses);
    }
    return request_set_free(&set, rc);
}

JNIEXPORT jint JNICALL Java_mpi_Request_testAll(JNIEnv *env, jclass cls, jlongArray handles, jintArray flag_and_statuses)
{
    (void)cls;
    request_set set;
    int rc = request_set_load(env, handles, &set);
    if (rc == 0) {
        int done = 0;
        rc = MPI_Testall(set.count, set.requests, &done, set.statuses);
        int_store(env, flag_and_statuses, 0, done);
        for (int i = 0; done && i < set.count; i++) {
            status_store(env, flag_and_statuses, 1 + i * mpi_Constants_STATUS_LENGTH, &set.statuses[i]);
        }
    }
    return request_set_free(&set, rc);
}

JNIEXPORT jint JNICALL Java_mpi_Request_cancel(JNIEnv *env, jclass cls, jlong handle)
{
    (void)env;
    (void)cls;
    MPI_Request request = HANDLE_OF(MPI_Request, handle);
    return MPI_Cancel(&request);
}

JNIEXPORT jint JNICALL Java_mpi_Request_free(JNIEnv *env, jclass cls, jlong handle)
{
    (void)env;
    (void)cls;
    MPI_Request request = HANDLE_OF(MPI_Request, handle);
    return MPI_Request_free(&request);
}
