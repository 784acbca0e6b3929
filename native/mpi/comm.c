/* A communicator's own calls: rank, size, dup, split, free, abort, error handler (mpi.Comm, mpi.Intracomm). */
#include "jckpt_mpi.h"
#include "mpi_Comm.h"
#include "mpi_Intracomm.h"

JNIEXPORT jint JNICALL Java_mpi_Comm_rank(JNIEnv *env, jclass cls, jlong comm, jintArray rank)
{
    (void)cls;
    int value = 0;
    int rc = MPI_Comm_rank(COMM(comm), &value);
    int_store(env, rank, 0, value);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_Comm_size(JNIEnv *env, jclass cls, jlong comm, jintArray size)
{
    (void)cls;
    int value = 0;
    int rc = MPI_Comm_size(COMM(comm), &value);
    int_store(env, size, 0, value);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_Comm_dup(JNIEnv *env, jclass cls, jlong comm, jlongArray new_comm)
{
    (void)cls;
    MPI_Comm made = MPI_COMM_NULL;
    int rc = MPI_Comm_dup(COMM(comm), &made);
    handle_store(env, new_comm, JAVA_HANDLE(made));
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_Comm_free(JNIEnv *env, jclass cls, jlong comm)
{
    (void)env;
    (void)cls;
    MPI_Comm freed = COMM(comm);
    return MPI_Comm_free(&freed);
}

JNIEXPORT jint JNICALL Java_mpi_Comm_abort(JNIEnv *env, jclass cls, jlong comm, jint error_code)
{
    (void)env;
    (void)cls;
    return MPI_Abort(COMM(comm), error_code);
}

JNIEXPORT jint JNICALL Java_mpi_Comm_setErrhandler(JNIEnv *env, jclass cls, jlong comm, jlong errhandler)
{
    (void)env;
    (void)cls;
    return MPI_Comm_set_errhandler(COMM(comm), HANDLE_OF(MPI_Errhandler, errhandler));
}

JNIEXPORT jint JNICALL Java_mpi_Intracomm_split(JNIEnv *env, jclass cls, jlong comm, jint color, jint key, jlongArray new_comm)
{
    (void)cls;
    MPI_Comm made = MPI_COMM_NULL;
    int rc = MPI_Comm_split(COMM(comm), color, key, &made);
    handle_store(env, new_comm, JAVA_HANDLE(made));
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_Intracomm_splitType(JNIEnv *env, jclass cls, jlong comm, jint split_type, jint key, jlong info,
                                                    jlongArray new_comm)
{
    (void)cls;
    MPI_Comm made = MPI_COMM_NULL;
    int mpi_split_type = split_type == mpi_Comm_TYPE_SHARED ? MPI_COMM_TYPE_SHARED : split_type;
    int rc = MPI_Comm_split_type(COMM(comm), mpi_split_type, key, HANDLE_OF(MPI_Info, info), &made);
    handle_store(env, new_comm, JAVA_HANDLE(made));
    return rc;
}
