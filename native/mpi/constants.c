/* The values of MPI's constants and predefined handles in the MPI this library was built against. */
#include "jckpt_mpi.h"
#include "mpi_Constants.h"

JNIEXPORT void JNICALL Java_mpi_Constants_values(JNIEnv *env, jclass cls, jintArray out)
{
    (void)cls;
    jint v[mpi_Constants_VALUE_COUNT];
    v[mpi_Constants_ANY_SOURCE] = MPI_ANY_SOURCE;
    v[mpi_Constants_ANY_TAG] = MPI_ANY_TAG;
    v[mpi_Constants_PROC_NULL] = MPI_PROC_NULL;
    v[mpi_Constants_UNDEFINED] = MPI_UNDEFINED;
    v[mpi_Constants_THREAD_SINGLE] = MPI_THREAD_SINGLE;
    v[mpi_Constants_THREAD_FUNNELED] = MPI_THREAD_FUNNELED;
    v[mpi_Constants_THREAD_SERIALIZED] = MPI_THREAD_SERIALIZED;
    v[mpi_Constants_THREAD_MULTIPLE] = MPI_THREAD_MULTIPLE;
    v[mpi_Constants_CART] = MPI_CART;
    v[mpi_Constants_GRAPH] = MPI_GRAPH;
    v[mpi_Constants_DIST_GRAPH] = MPI_DIST_GRAPH;
    v[mpi_Constants_IDENT] = MPI_IDENT;
    v[mpi_Constants_CONGRUENT] = MPI_CONGRUENT;
    v[mpi_Constants_SIMILAR] = MPI_SIMILAR;
    v[mpi_Constants_UNEQUAL] = MPI_UNEQUAL;
    v[mpi_Constants_ERR_BUFFER] = MPI_ERR_BUFFER;
    v[mpi_Constants_ERR_COUNT] = MPI_ERR_COUNT;
    v[mpi_Constants_ERR_TYPE] = MPI_ERR_TYPE;
    v[mpi_Constants_ERR_TAG] = MPI_ERR_TAG;
    v[mpi_Constants_ERR_COMM] = MPI_ERR_COMM;
    v[mpi_Constants_ERR_RANK] = MPI_ERR_RANK;
    v[mpi_Constants_ERR_REQUEST] = MPI_ERR_REQUEST;
    v[mpi_Constants_ERR_ROOT] = MPI_ERR_ROOT;
    v[mpi_Constants_ERR_GROUP] = MPI_ERR_GROUP;
    v[mpi_Constants_ERR_OP] = MPI_ERR_OP;
    v[mpi_Constants_ERR_TOPOLOGY] = MPI_ERR_TOPOLOGY;
    v[mpi_Constants_ERR_DIMS] = MPI_ERR_DIMS;
    v[mpi_Constants_ERR_ARG] = MPI_ERR_ARG;
    v[mpi_Constants_ERR_UNKNOWN] = MPI_ERR_UNKNOWN;
    v[mpi_Constants_ERR_TRUNCATE] = MPI_ERR_TRUNCATE;
    v[mpi_Constants_ERR_OTHER] = MPI_ERR_OTHER;
    v[mpi_Constants_ERR_INTERN] = MPI_ERR_INTERN;
    v[mpi_Constants_ERR_IN_STATUS] = MPI_ERR_IN_STATUS;
    v[mpi_Constants_ERR_PENDING] = MPI_ERR_PENDING;
    v[mpi_Constants_ERR_NO_MEM] = MPI_ERR_NO_MEM;
    v[mpi_Constants_ERR_LASTCODE] = MPI_ERR_LASTCODE;
    v[mpi_Constants_MAX_PROCESSOR_NAME] = MPI_MAX_PROCESSOR_NAME;
    (*env)->SetIntArrayRegion(env, out, 0, mpi_Constants_VALUE_COUNT, v);
}

/*
 * Java's types by size and signedness (char is unsigned 16-bit, boolean one byte). BYTE is MPI_SIGNED_CHAR,
 * not MPI_BYTE, so that arithmetic reductions on bytes are allowed.
 */
JNIEXPORT void JNICALL Java_mpi_Constants_handles(JNIEnv *env, jclass cls, jlongArray out)
{
    (void)cls;
    jlong h[mpi_Constants_HANDLE_COUNT];
    h[mpi_Constants_COMM_WORLD] = JAVA_HANDLE(MPI_COMM_WORLD);
    h[mpi_Constants_COMM_SELF] = JAVA_HANDLE(MPI_COMM_SELF);
    h[mpi_Constants_COMM_NULL] = JAVA_HANDLE(MPI_COMM_NULL);
    h[mpi_Constants_REQUEST_NULL] = JAVA_HANDLE(MPI_REQUEST_NULL);
    h[mpi_Constants_INFO_NULL] = JAVA_HANDLE(MPI_INFO_NULL);
    h[mpi_Constants_DATATYPE_NULL] = JAVA_HANDLE(MPI_DATATYPE_NULL);
    h[mpi_Constants_BYTE] = JAVA_HANDLE(MPI_SIGNED_CHAR);
    h[mpi_Constants_CHAR] = JAVA_HANDLE(MPI_UINT16_T);
    h[mpi_Constants_SHORT] = JAVA_HANDLE(MPI_INT16_T);
    h[mpi_Constants_BOOLEAN] = JAVA_HANDLE(MPI_C_BOOL);
    h[mpi_Constants_INT] = JAVA_HANDLE(MPI_INT32_T);
    h[mpi_Constants_LONG] = JAVA_HANDLE(MPI_INT64_T);
    h[mpi_Constants_FLOAT] = JAVA_HANDLE(MPI_FLOAT);
    h[mpi_Constants_DOUBLE] = JAVA_HANDLE(MPI_DOUBLE);
    h[mpi_Constants_OP_NULL] = JAVA_HANDLE(MPI_OP_NULL);
    h[mpi_Constants_MAX] = JAVA_HANDLE(MPI_MAX);
    h[mpi_Constants_MIN] = JAVA_HANDLE(MPI_MIN);
    h[mpi_Constants_SUM] = JAVA_HANDLE(MPI_SUM);
    h[mpi_Constants_PROD] = JAVA_HANDLE(MPI_PROD);
    h[mpi_Constants_LAND] = JAVA_HANDLE(MPI_LAND);
    h[mpi_Constants_BAND] = JAVA_HANDLE(MPI_BAND);
    h[mpi_Constants_LOR] = JAVA_HANDLE(MPI_LOR);
    h[mpi_Constants_BOR] = JAVA_HANDLE(MPI_BOR);
    h[mpi_Constants_LXOR] = JAVA_HANDLE(MPI_LXOR);
    h[mpi_Constants_BXOR] = JAVA_HANDLE(MPI_BXOR);
    h[mpi_Constants_ERRORS_RETURN] = JAVA_HANDLE(MPI_ERRORS_RETURN);
    h[mpi_Constants_ERRORS_ARE_FATAL] = JAVA_HANDLE(MPI_ERRORS_ARE_FATAL);
    (*env)->SetLongArrayRegion(env, out, 0, mpi_Constants_HANDLE_COUNT, h);
}
