/* Shared by the C half of jckpt's MPI binding: handle conversion, message buffers, statuses. */
#ifndef JCKPT_MPI_H
#define JCKPT_MPI_H

#include <jni.h>
#include <mpi.h>
#include <stdint.h>

/* Java keeps MPI handles as longs: a pointer in Open MPI, an int in the MPICH family. */
#define HANDLE_OF(type, value) ((type)(intptr_t)(value))
#define JAVA_HANDLE(handle) ((jlong)(intptr_t)(handle))
#define COMM(value) HANDLE_OF(MPI_Comm, value)
#define TYPE(value) HANDLE_OF(MPI_Datatype, value)
#define OP(value) HANDLE_OF(MPI_Op, value)

/* A message buffer as Java passes it: an array or a direct buffer, and a byte offset (see mpi.Region). */
typedef struct {
    jobject base;
    jlong offset;
    jint release_mode; /* 0: a receive's data goes back to the array; JNI_ABORT: a send's does not need to */
    jarray array;      /* set while held in a critical region */
    void *elements;
    void *address;
} msgbuf;

#define MSGBUF_IN(base, offset) {(base), (offset), JNI_ABORT, NULL, NULL, NULL}
#define MSGBUF_OUT(base, offset) {(base), (offset), 0, NULL, NULL, NULL}

/* Sets each buffer's address; heap arrays are then in JNI critical regions until msgbufs_release.
 * Returns 0, or MPI_ERR_NO_MEM with a Java exception pending. It is msgbufs_locate, then msgbufs_pin. */
int msgbufs_acquire(JNIEnv *env, msgbuf *bufs, int count);
/* The addresses of direct buffers (and MPI_IN_PLACE); arrays still have none. */
void msgbufs_locate(JNIEnv *env, msgbuf *bufs, int count);
/* Whether a located buffer is a heap array (to be pinned). */
int msgbuf_is_array(const msgbuf *b);
/* Enters the critical regions of the located arrays: no JNI call until msgbufs_release. */
int msgbufs_pin(JNIEnv *env, msgbuf *bufs, int count);
void msgbufs_release(JNIEnv *env, msgbuf *bufs, int count);

/* Releases bufs and passes rc on (for MSGBUF_CALL). */
int msgbufs_released(JNIEnv *env, msgbuf *bufs, int count, int rc);

/* Runs call (an MPI call using the bufs' addresses) between acquiring and releasing the array bufs;
 * evaluates to the call's code (function arguments are evaluated before the function runs). */
#define MSGBUF_COUNT(bufs) ((int)(sizeof(bufs) / sizeof((bufs)[0])))
#define MSGBUF_CALL(env, bufs, call)                                                                  \
    (msgbufs_acquire((env), (bufs), MSGBUF_COUNT(bufs)) != 0                                         \
         ? MPI_ERR_NO_MEM                                                                             \
         : msgbufs_released((env), (bufs), MSGBUF_COUNT(bufs), (call)))

/* A copy of a Java int[] in C memory (NULL for null); free with free(). */
int *int_array_copy(JNIEnv *env, jintArray array);

/* A status to pass to an MPI call: MPI sets MPI_ERROR only where a call completes several requests. */
MPI_Status status_empty(void);

/* Stores *status into out[at...] in the layout mpi.Constants names (STATUS_*). */
void status_store(JNIEnv *env, jintArray out, jint at, const MPI_Status *status);

/* Stores an int into out[at], a handle into out[0]. */
void int_store(JNIEnv *env, jintArray out, jint at, int value);
void handle_store(JNIEnv *env, jlongArray out, jlong value);

/* Waits that yield the core where a host has more tasks than cores (wait.c). */
extern int waits_yield;
/* Decides, once MPI is initialised, whether waits yield. */
void waits_decide(void);
/* The outcome of a started request (rc: the nonblocking call's code), tested until done, yielding between tests. */
int waited(int rc, MPI_Request *request, MPI_Status *status);
int waited_all(int rc, int count, MPI_Request *requests, MPI_Status *statuses);
/* MPI_Waitany, MPI_Probe and MPI_Mprobe, yielding where waits yield. */
int waited_any(int count, MPI_Request *requests, int *index, MPI_Status *status);
int probed(int source, int tag, MPI_Comm comm, MPI_Status *status);
int probed_message(int source, int tag, MPI_Comm comm, MPI_Message *message, MPI_Status *status);
/* The blocking call, or, where waits yield, its nonblocking twin (which starts request) waited for. */
#define BLOCKING(blocking, nonblocking, request) \
    (waits_yield ? waited((nonblocking), &(request), MPI_STATUS_IGNORE) : (blocking))

#endif
