/*
 * The one place that turns a Java message buffer into an address MPI reads or writes.
 *
 * Direct buffers: their address, no copy. Heap arrays: held in a JNI critical region for the length of the
 * (blocking) MPI call, so MPI reads and writes the array in place, with no copy either way. Why not copy,
 * as Open MPI's binding does: a copy costs as much as the transfer itself on shared memory. The price: a
 * thread in a critical region holds off the GC. With JDK 17 (G1's and Serial's GCLocker) a thread that needs
 * a GC meanwhile waits until the region ends, and after a few retries may even fail with OutOfMemoryError;
 * since JDK 22 G1 pins only the array's region. So under THREAD_MULTIPLE a blocking call on a heap array
 * that waits long (a receive whose message comes late, a large send whose receiver comes late) stalls the
 * process's allocating threads, and deadlocks if what it waits for needs one of them to allocate first.
 * A plain receive avoids it: it waits in MPI_Mprobe outside the region (p2p.c). For the other calls,
 * programs with such waits use direct buffers (MPI.new...Buffer), never copied either; bounding a send's
 * region would take a copy. Non-blocking calls never hold a region
 * (mpi.Transfer copies heap buffers).
 */
#include "jckpt_mpi.h"
#include "mpi_Constants.h"

#include <stdlib.h>
#include <string.h>

/* Java marks direct buffers (mpi.Region): arrays cost no call back into the JVM here, where asking
 * GetDirectBufferAddress of every buffer cost an array an instance check. */
void msgbufs_locate(JNIEnv *env, msgbuf *bufs, int count)
{
    for (int i = 0; i < count; i++) {
        msgbuf *b = &bufs[i];
        if (b->base == NULL) {
            b->address = b->offset == mpi_Constants_IN_PLACE_OFFSET ? MPI_IN_PLACE : NULL;
        } else if (b->offset == mpi_Constants_DIRECT_BUFFER_OFFSET) {
            b->address = (*env)->GetDirectBufferAddress(env, b->base);
        } else {
            b->address = NULL; /* an array: msgbufs_pin */
        }
    }
}

int msgbuf_is_array(const msgbuf *b)
{
    return b->base != NULL && b->address == NULL;
}

int msgbufs_pin(JNIEnv *env, msgbuf *bufs, int count)
{
    for (int i = 0; i < count; i++) {
        msgbuf *b = &bufs[i];
        if (msgbuf_is_array(b)) {
            b->elements = (*env)->GetPrimitiveArrayCritical(env, b->base, NULL);
            if (b->elements == NULL) {
                msgbufs_release(env, bufs, i);
                return MPI_ERR_NO_MEM;
            }
            b->array = b->base;
            b->address = (char *)b->elements + b->offset;
        }
    }
    return 0;
}

/* All direct addresses first: no JNI call is allowed once a critical region is entered. */
int msgbufs_acquire(JNIEnv *env, msgbuf *bufs, int count)
{
    msgbufs_locate(env, bufs, count);
    return msgbufs_pin(env, bufs, count);
}

/* In reverse order of acquisition, as critical regions nest. */
void msgbufs_release(JNIEnv *env, msgbuf *bufs, int count)
{
    for (int i = count - 1; i >= 0; i--) {
        if (bufs[i].array != NULL) {
            (*env)->ReleasePrimitiveArrayCritical(env, bufs[i].array, bufs[i].elements, bufs[i].release_mode);
            bufs[i].array = NULL;
        }
    }
}

int msgbufs_released(JNIEnv *env, msgbuf *bufs, int count, int rc)
{
    msgbufs_release(env, bufs, count);
    return rc;
}

int *int_array_copy(JNIEnv *env, jintArray array)
{
    if (array == NULL) {
        return NULL;
    }
    jsize length = (*env)->GetArrayLength(env, array);
    int *copy = malloc(sizeof(int) * (length > 0 ? (size_t)length : 1));
    if (copy != NULL) {
        (*env)->GetIntArrayRegion(env, array, 0, length, (jint *)copy);
    }
    return copy;
}

void int_store(JNIEnv *env, jintArray out, jint at, int value)
{
    if ((*env)->ExceptionCheck(env)) {
        return; /* the call failed in JNI, not in MPI: the exception says why */
    }
    jint v = value;
    (*env)->SetIntArrayRegion(env, out, at, 1, &v);
}

void handle_store(JNIEnv *env, jlongArray out, jlong value)
{
    if ((*env)->ExceptionCheck(env)) {
        return; /* the call failed in JNI, not in MPI: the exception says why */
    }
    (*env)->SetLongArrayRegion(env, out, 0, 1, &value);
}

MPI_Status status_empty(void)
{
    MPI_Status status;
    memset(&status, 0, sizeof status);
    status.MPI_ERROR = MPI_SUCCESS;
    return status;
}

void status_store(JNIEnv *env, jintArray out, jint at, const MPI_Status *status)
{
    if ((*env)->ExceptionCheck(env)) {
        return; /* the call failed in JNI, not in MPI: the exception says why */
    }
    int bytes = 0;
    int cancelled = 0;
    MPI_Get_count(status, MPI_BYTE, &bytes);
    MPI_Test_cancelled(status, &cancelled);
    jint fields[mpi_Constants_STATUS_LENGTH];
    fields[mpi_Constants_STATUS_SOURCE] = status->MPI_SOURCE;
    fields[mpi_Constants_STATUS_TAG] = status->MPI_TAG;
    fields[mpi_Constants_STATUS_ERROR] = status->MPI_ERROR;
    fields[mpi_Constants_STATUS_CANCELLED] = cancelled;
    fields[mpi_Constants_STATUS_BYTES] = bytes;
    (*env)->SetIntArrayRegion(env, out, at, mpi_Constants_STATUS_LENGTH, fields);
}
