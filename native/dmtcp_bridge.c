/*
 * JNI glue between org.jckpt.engine.dmtcp.DmtcpNative and DMTCP's C API.
 *
 * DMTCP's functions are looked up at run time (dlsym), never linked, so this library loads in
 * any JVM: under dmtcp_launch they come from the preloaded libdmtcp.so (global scope); tests bind
 * them from a stand-in library instead. Every function returns DMTCP's raw code, or
 * JCKPT_UNRESOLVED when DMTCP's function is absent; Java maps codes to exceptions. Nothing here
 * calls back into Java: at checkpoint time every Java thread is suspended.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "org_jckpt_engine_dmtcp_DmtcpNative.h"

/* DMTCP's own return codes (dmtcp.h, not included: DMTCP is not a build dependency). */
#define DMTCP_IS_PRESENT 4

#define JCKPT_UNRESOLVED org_jckpt_engine_dmtcp_DmtcpNative_UNRESOLVED
#define JCKPT_BIND_FAILED org_jckpt_engine_dmtcp_DmtcpNative_BIND_FAILED
#define JCKPT_STATUS_ABSENT org_jckpt_engine_dmtcp_DmtcpNative_STATUS_ABSENT

/* The DMTCP prototypes used, as documented in DMTCP's dmtcp.h. */
typedef int (*int_fn)(void);
typedef const char *(*str_fn)(void);
typedef int (*two_int_fn)(int *, int *);

static struct {
    int_fn is_enabled;
    int_fn checkpoint;
    two_int_fn get_local_status;
    two_int_fn get_coordinator_status;
    str_fn get_ckpt_dir;
    str_fn get_uniquepid_str;
} dmtcp;

static char bind_error[512];

static void *lookup(void *handle, const char *name, int *found) {
    void *f = dlsym(handle, name);
    if (f != NULL) {
        (*found)++;
    }
    return f;
}

JNIEXPORT jint JNICALL Java_org_jckpt_engine_dmtcp_DmtcpNative_bind0(JNIEnv *env, jclass cls, jstring library) {
    void *handle = RTLD_DEFAULT;
    int found = 0;
    (void) cls;
    if (library != NULL) {
        const char *path = (*env)->GetStringUTFChars(env, library, NULL);
        if (path == NULL) {
            return 0; /* OutOfMemoryError pending */
        }
        /* Local: the stand-in's names must not become visible to a later lookup in the process. */
        handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) {
            snprintf(bind_error, sizeof bind_error, "%s", dlerror());
        }
        (*env)->ReleaseStringUTFChars(env, library, path);
        if (handle == NULL) {
            return JCKPT_BIND_FAILED;
        }
    }
    dmtcp.is_enabled = (int_fn) lookup(handle, "dmtcp_is_enabled", &found);
    dmtcp.checkpoint = (int_fn) lookup(handle, "dmtcp_checkpoint", &found);
    dmtcp.get_local_status = (two_int_fn) lookup(handle, "dmtcp_get_local_status", &found);
    dmtcp.get_coordinator_status = (two_int_fn) lookup(handle, "dmtcp_get_coordinator_status", &found);
    dmtcp.get_ckpt_dir = (str_fn) lookup(handle, "dmtcp_get_ckpt_dir", &found);
    dmtcp.get_uniquepid_str = (str_fn) lookup(handle, "dmtcp_get_uniquepid_str", &found);
    return found;
}

JNIEXPORT jstring JNICALL Java_org_jckpt_engine_dmtcp_DmtcpNative_bindError0(JNIEnv *env, jclass cls) {
    (void) cls;
    return (*env)->NewStringUTF(env, bind_error);
}

static jint call_int(int_fn f) {
    return f == NULL ? JCKPT_UNRESOLVED : f();
}

JNIEXPORT jint JNICALL Java_org_jckpt_engine_dmtcp_DmtcpNative_isEnabled0(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return call_int(dmtcp.is_enabled);
}

JNIEXPORT jint JNICALL Java_org_jckpt_engine_dmtcp_DmtcpNative_checkpoint0(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return call_int(dmtcp.checkpoint);
}

/* Both counters in one value, so that no checkpoint can fall between reading one and the other. */
static jlong pair(two_int_fn f) {
    int a = 0;
    int b = 0;
    if (f == NULL) {
        return JCKPT_UNRESOLVED;
    }
    if (f(&a, &b) != DMTCP_IS_PRESENT) {
        return JCKPT_STATUS_ABSENT;
    }
    return ((jlong) (uint32_t) a << 32) | (jlong) (uint32_t) b;
}

JNIEXPORT jlong JNICALL Java_org_jckpt_engine_dmtcp_DmtcpNative_localStatus0(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return pair(dmtcp.get_local_status);
}

JNIEXPORT jlong JNICALL Java_org_jckpt_engine_dmtcp_DmtcpNative_coordinatorStatus0(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return pair(dmtcp.get_coordinator_status);
}

static jstring call_str(JNIEnv *env, str_fn f) {
    const char *s = f == NULL ? NULL : f();
    return s == NULL ? NULL : (*env)->NewStringUTF(env, s);
}

JNIEXPORT jstring JNICALL Java_org_jckpt_engine_dmtcp_DmtcpNative_checkpointDir0(JNIEnv *env, jclass cls) {
    (void) cls;
    return call_str(env, dmtcp.get_ckpt_dir);
}

JNIEXPORT jstring JNICALL Java_org_jckpt_engine_dmtcp_DmtcpNative_uniquePid0(JNIEnv *env, jclass cls) {
    (void) cls;
    return call_str(env, dmtcp.get_uniquepid_str);
}
