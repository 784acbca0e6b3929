/* Point-to-point calls (mpi.PointToPoint, for mpi.Comm). */
#include "jckpt_mpi.h"
#include "mpi_PointToPoint.h"

#include <stdlib.h>
#include <string.h>

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_send(JNIEnv *env, jclass cls, jlong comm, jobject base, jlong offset, jint count,
                                                  jlong type, jint dest, jint tag)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_IN(base, offset)};
    MPI_Request r;
    return MSGBUF_CALL(env, b, BLOCKING(MPI_Send(b[0].address, count, TYPE(type), dest, tag, COMM(comm)),
                                        MPI_Isend(b[0].address, count, TYPE(type), dest, tag, COMM(comm), &r), r));
}

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_sSend(JNIEnv *env, jclass cls, jlong comm, jobject base, jlong offset, jint count,
                                                   jlong type, jint dest, jint tag)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_IN(base, offset)};
    MPI_Request r;
    return MSGBUF_CALL(env, b, BLOCKING(MPI_Ssend(b[0].address, count, TYPE(type), dest, tag, COMM(comm)),
                                        MPI_Issend(b[0].address, count, TYPE(type), dest, tag, COMM(comm), &r), r));
}

/*
 * Into a heap array, the receive waits for its message outside the critical region (MPI_Mprobe, which
 * matches it for this call alone), then takes it inside (MPI_Mrecv): the region lasts for the copy only,
 * however late the message comes (see buffer.c).
 */
JNIEXPORT jint JNICALL Java_mpi_PointToPoint_recv(JNIEnv *env, jclass cls, jlong comm, jobject base, jlong offset, jint count,
                                                  jlong type, jint source, jint tag, jintArray status_out)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_OUT(base, offset)};
    MPI_Status status = status_empty();
    msgbufs_locate(env, b, 1);
    int rc;
    MPI_Request r;
    int yielding = waits_yield && source != MPI_PROC_NULL; /* from PROC_NULL nothing waits, and MPICH's status is wrong */
    if (msgbuf_is_array(&b[0])) {
        MPI_Message message = MPI_MESSAGE_NULL;
        rc = probed_message(source, tag, COMM(comm), &message, &status);
        if (rc == MPI_SUCCESS) {
            rc = msgbufs_pin(env, b, 1) != 0
                     ? MPI_ERR_NO_MEM
                     : msgbufs_released(env, b, 1,
                                        yielding ? waited(MPI_Imrecv(b[0].address, count, TYPE(type), &message, &r), &r, &status)
                                                 : MPI_Mrecv(b[0].address, count, TYPE(type), &message, &status));
        }
    } else if (yielding) {
        rc = waited(MPI_Irecv(b[0].address, count, TYPE(type), source, tag, COMM(comm), &r), &r, &status);
    } else {
        rc = MPI_Recv(b[0].address, count, TYPE(type), source, tag, COMM(comm), &status);
    }
    status_store(env, status_out, 0, &status);
    return rc;
}

/* MPI_Sendrecv as a receive and a send started together, where waits yield (wait.c); the receive's status.
 * Not from PROC_NULL: MPICH 4.0 then leaves the receive's status unset. */
static int send_recv_yielding(const void *send, int send_count, MPI_Datatype send_type, int dest, int send_tag, void *recv,
                              int recv_count, MPI_Datatype recv_type, int source, int recv_tag, MPI_Comm comm,
                              MPI_Status *status)
{
    MPI_Request r[2];
    MPI_Status statuses[2];
    int rc = MPI_Irecv(recv, recv_count, recv_type, source, recv_tag, comm, &r[0]);
    if (rc != MPI_SUCCESS) {
        return rc;
    }
    rc = MPI_Isend(send, send_count, send_type, dest, send_tag, comm, &r[1]);
    if (rc != MPI_SUCCESS) {
        MPI_Cancel(&r[0]);
        MPI_Request_free(&r[0]);
        return rc;
    }
    rc = waited_all(rc, 2, r, statuses);
    *status = statuses[0];
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_sendRecv(JNIEnv *env, jclass cls, jlong comm, jobject send_base, jlong send_offset,
                                                      jint send_count, jlong send_type, jint dest, jint send_tag,
                                                      jobject recv_base, jlong recv_offset, jint recv_count, jlong recv_type,
                                                      jint source, jint recv_tag, jintArray status_out)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_IN(send_base, send_offset), MSGBUF_OUT(recv_base, recv_offset)};
    MPI_Status status = status_empty();
    int rc = MSGBUF_CALL(env, b,
                         waits_yield && source != MPI_PROC_NULL
                             ? send_recv_yielding(b[0].address, send_count, TYPE(send_type), dest, send_tag, b[1].address,
                                                          recv_count, TYPE(recv_type), source, recv_tag, COMM(comm), &status)
                             : MPI_Sendrecv(b[0].address, send_count, TYPE(send_type), dest, send_tag, b[1].address,
                                                    recv_count, TYPE(recv_type), source, recv_tag, COMM(comm), &status));
    status_store(env, status_out, 0, &status);
    return rc;
}

/* MPI_Sendrecv_replace where waits yield: the receive goes to a copy, as MPI's own does (MPICH 4.0's
 * MPI_Isendrecv_replace reports the send's tag in the status). */
static int send_recv_replace_yielding(void *buf, int count, MPI_Datatype type, int dest, int send_tag, int source, int recv_tag,
                                      MPI_Comm comm, MPI_Status *status)
{
    int size = 0;
    int rc = MPI_Type_size(type, &size);
    void *copy = rc == MPI_SUCCESS ? malloc((size_t)count * (size_t)size + 1) : NULL;
    if (copy == NULL) {
        return rc == MPI_SUCCESS ? MPI_ERR_NO_MEM : rc;
    }
    rc = send_recv_yielding(buf, count, type, dest, send_tag, copy, count, type, source, recv_tag, comm, status);
    if (rc == MPI_SUCCESS) {
        memcpy(buf, copy, (size_t)count * (size_t)size);
    }
    free(copy);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_sendRecvReplace(JNIEnv *env, jclass cls, jlong comm, jobject base, jlong offset,
                                                             jint count, jlong type, jint dest, jint send_tag, jint source,
                                                             jint recv_tag, jintArray status_out)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_OUT(base, offset)};
    MPI_Status status = status_empty();
    int rc = MSGBUF_CALL(env, b,
                         waits_yield && source != MPI_PROC_NULL
                             ? send_recv_replace_yielding(b[0].address, count, TYPE(type), dest, send_tag, source, recv_tag,
                                                          COMM(comm), &status)
                             : MPI_Sendrecv_replace(b[0].address, count, TYPE(type), dest, send_tag, source, recv_tag,
                                                    COMM(comm), &status));
    status_store(env, status_out, 0, &status);
    return rc;
}

/* buf is a direct buffer (mpi.Transfer): nothing is held once the call returns. */
JNIEXPORT jint JNICALL Java_mpi_PointToPoint_iSend(JNIEnv *env, jclass cls, jlong comm, jobject buf, jint count, jlong type,
                                                   jint dest, jint tag, jlongArray request_out)
{
    (void)cls;
    MPI_Request request = MPI_REQUEST_NULL;
    int rc = MPI_Isend((*env)->GetDirectBufferAddress(env, buf), count, TYPE(type), dest, tag, COMM(comm), &request);
    handle_store(env, request_out, JAVA_HANDLE(request));
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_iRecv(JNIEnv *env, jclass cls, jlong comm, jobject buf, jint count, jlong type,
                                                   jint source, jint tag, jlongArray request_out)
{
    (void)cls;
    MPI_Request request = MPI_REQUEST_NULL;
    int rc = MPI_Irecv((*env)->GetDirectBufferAddress(env, buf), count, TYPE(type), source, tag, COMM(comm), &request);
    handle_store(env, request_out, JAVA_HANDLE(request));
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_probe(JNIEnv *env, jclass cls, jlong comm, jint source, jint tag, jintArray status_out)
{
    (void)cls;
    MPI_Status status = status_empty();
    int rc = probed(source, tag, COMM(comm), &status);
    status_store(env, status_out, 0, &status);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_iProbe(JNIEnv *env, jclass cls, jlong comm, jint source, jint tag,
                                                    jintArray flag_and_status)
{
    (void)cls;
    MPI_Status status = status_empty();
    int flag = 0;
    int rc = MPI_Iprobe(source, tag, COMM(comm), &flag, &status);
    int_store(env, flag_and_status, 0, flag);
    status_store(env, flag_and_status, 1, &status);
    return rc;
}
