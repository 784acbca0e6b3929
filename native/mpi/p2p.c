/* Point-to-point calls (mpi.PointToPoint, for mpi.Comm). */
#include "jckpt_mpi.h"
#include "mpi_PointToPoint.h"

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_send(JNIEnv *env, jclass cls, jlong comm, jobject base, jlong offset, jint count,
                                                  jlong type, jint dest, jint tag)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_IN(base, offset)};
    return MSGBUF_CALL(env, b, MPI_Send(b[0].address, count, TYPE(type), dest, tag, COMM(comm)));
}

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_sSend(JNIEnv *env, jclass cls, jlong comm, jobject base, jlong offset, jint count,
                                                   jlong type, jint dest, jint tag)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_IN(base, offset)};
    return MSGBUF_CALL(env, b, MPI_Ssend(b[0].address, count, TYPE(type), dest, tag, COMM(comm)));
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
    if (msgbuf_is_array(&b[0])) {
        MPI_Message message = MPI_MESSAGE_NULL;
        rc = MPI_Mprobe(source, tag, COMM(comm), &message, &status);
        if (rc == MPI_SUCCESS) {
            rc = msgbufs_pin(env, b, 1) != 0 ? MPI_ERR_NO_MEM
                                              : msgbufs_released(env, b, 1, MPI_Mrecv(b[0].address, count, TYPE(type), &message, &status));
        }
    } else {
        rc = MPI_Recv(b[0].address, count, TYPE(type), source, tag, COMM(comm), &status);
    }
    status_store(env, status_out, 0, &status);
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
    int rc = MSGBUF_CALL(env, b, MPI_Sendrecv(b[0].address, send_count, TYPE(send_type), dest, send_tag,
                                              b[1].address, recv_count, TYPE(recv_type), source, recv_tag, COMM(comm), &status));
    status_store(env, status_out, 0, &status);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_PointToPoint_sendRecvReplace(JNIEnv *env, jclass cls, jlong comm, jobject base, jlong offset,
                                                             jint count, jlong type, jint dest, jint send_tag, jint source,
                                                             jint recv_tag, jintArray status_out)
{
    (void)cls;
    msgbuf b[] = {MSGBUF_OUT(base, offset)};
    MPI_Status status = status_empty();
    int rc = MSGBUF_CALL(env, b, MPI_Sendrecv_replace(b[0].address, count, TYPE(type), dest, send_tag, source, recv_tag,
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
    int rc = MPI_Probe(source, tag, COMM(comm), &status);
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
