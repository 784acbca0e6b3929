/* MPI's error class and own error string for a code (mpi.Errors turns them into an MPIException). */
#include "jckpt_mpi.h"
#include "mpi_Errors.h"

JNIEXPORT jint JNICALL Java_mpi_Errors_errorClass(JNIEnv *env, jclass cls, jint code)
{
    (void)env;
    (void)cls;
    int error_class = code;
    MPI_Error_class(code, &error_class);
    return error_class;
}

JNIEXPORT jstring JNICALL Java_mpi_Errors_errorString(JNIEnv *env, jclass cls, jint code)
{
    (void)cls;
    char text[MPI_MAX_ERROR_STRING + 1] = "";
    int length = 0;
    if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) {
        return (*env)->NewStringUTF(env, "unknown MPI error");
    }
    text[length] = '\0';
    return (*env)->NewStringUTF(env, text);
}
