/* MPI's environment: init, finalize, thread level, processor name, time (mpi.MPI). */
#define _GNU_SOURCE
#include "jckpt_mpi.h"
#include "mpi_MPI.h"

#include <dlfcn.h>

/*
 * The JVM loads this library RTLD_LOCAL, and with it libmpi. Open MPI's components (mca_*.so), which it
 * dlopens itself, may need libmpi's symbols in the global scope: make the loaded libmpi global.
 */
JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)vm;
    (void)reserved;
    Dl_info info;
    if (dladdr((void *)MPI_Init, &info) != 0 && info.dli_fname != NULL) {
        dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT jint JNICALL Java_mpi_MPI_init(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    int rc = MPI_Init(NULL, NULL);
    if (rc == MPI_SUCCESS) {
        waits_decide();
    }
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_MPI_initThread(JNIEnv *env, jclass cls, jint required, jintArray provided)
{
    (void)cls;
    int level = 0;
    int rc = MPI_Init_thread(NULL, NULL, required, &level);
    if (rc == MPI_SUCCESS) {
        waits_decide();
    }
    int_store(env, provided, 0, level);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_MPI_finish(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return MPI_Finalize();
}

JNIEXPORT jint JNICALL Java_mpi_MPI_initialized(JNIEnv *env, jclass cls, jintArray flag)
{
    (void)cls;
    int value = 0;
    int rc = MPI_Initialized(&value);
    int_store(env, flag, 0, value);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_MPI_finalized(JNIEnv *env, jclass cls, jintArray flag)
{
    (void)cls;
    int value = 0;
    int rc = MPI_Finalized(&value);
    int_store(env, flag, 0, value);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_MPI_queryThread(JNIEnv *env, jclass cls, jintArray level)
{
    (void)cls;
    int value = 0;
    int rc = MPI_Query_thread(&value);
    int_store(env, level, 0, value);
    return rc;
}

JNIEXPORT jint JNICALL Java_mpi_MPI_processorName(JNIEnv *env, jclass cls, jbyteArray name, jintArray length)
{
    (void)cls;
    char text[MPI_MAX_PROCESSOR_NAME + 1] = "";
    int used = 0;
    int rc = MPI_Get_processor_name(text, &used);
    jsize room = (*env)->GetArrayLength(env, name);
    used = used < room ? used : room;
    (*env)->SetByteArrayRegion(env, name, 0, used, (const jbyte *)text);
    int_store(env, length, 0, used);
    return rc;
}

JNIEXPORT jdouble JNICALL Java_mpi_MPI_time(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return MPI_Wtime();
}

JNIEXPORT jdouble JNICALL Java_mpi_MPI_tick(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    return MPI_Wtick();
}
