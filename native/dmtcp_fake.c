/*
 * Test-only stand-in for libdmtcp.so: exports the DMTCP C functions jckpt's bridge looks up, with
 * results the tests set through org.jckpt.engine.dmtcp.FakeDmtcp. It proves jckpt's glue (symbol
 * lookup, code mapping, event delivery), not DMTCP. Never installed, never loaded in production.
 */
#include <jni.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DMTCP_AFTER_CHECKPOINT 1
#define DMTCP_AFTER_RESTART 2
#define DMTCP_IS_PRESENT 4

static atomic_int enabled = 1;
static atomic_int next_checkpoint_rc = DMTCP_AFTER_CHECKPOINT;
static atomic_int local_status_rc = DMTCP_IS_PRESENT;
static atomic_int checkpoints;
static atomic_int restarts;
static const char ckpt_dir[] = "/tmp";

int dmtcp_is_enabled(void) {
    return enabled;
}

/* Counts like DMTCP: a checkpoint or a restart, seen by this process. */
int dmtcp_checkpoint(void) {
    int rc = next_checkpoint_rc;
    if (rc == DMTCP_AFTER_CHECKPOINT) {
        checkpoints++;
    } else if (rc == DMTCP_AFTER_RESTART) {
        restarts++;
    }
    return rc;
}

int dmtcp_get_local_status(int *n_checkpoints, int *n_restarts) {
    *n_checkpoints = checkpoints;
    *n_restarts = restarts;
    return local_status_rc;
}

int dmtcp_get_coordinator_status(int *peers, int *running) {
    *peers = 3;
    *running = 1;
    return DMTCP_IS_PRESENT;
}

const char *dmtcp_get_ckpt_dir(void) {
    return ckpt_dir;
}

const char *dmtcp_get_uniquepid_str(void) {
    return "fake-1-2";
}

/* Controls for the tests (class org.jckpt.engine.dmtcp.FakeDmtcp). */
JNIEXPORT void JNICALL Java_org_jckpt_engine_dmtcp_FakeDmtcp_set(JNIEnv *env, jclass cls, jint is_enabled,
                                                                jint checkpoint_rc, jint status_rc) {
    (void) env; (void) cls;
    enabled = is_enabled;
    next_checkpoint_rc = checkpoint_rc;
    local_status_rc = status_rc;
}

/* As if the coordinator took a checkpoint (or a restart) the process did not ask for. */
JNIEXPORT void JNICALL Java_org_jckpt_engine_dmtcp_FakeDmtcp_simulate(JNIEnv *env, jclass cls, jboolean restart) {
    (void) env; (void) cls;
    if (restart) {
        restarts++;
    } else {
        checkpoints++;
    }
}
