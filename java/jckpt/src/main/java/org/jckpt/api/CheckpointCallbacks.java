package org.jckpt.api;

/**
 * Called around checkpoints, like PE's {@code mpc_set_ckpt_callbacks}: before this task's part is
 * taken, after the job goes on from a checkpoint, and after a restart has loaded the state.
 * With the DMTCP engine nothing runs while DMTCP snapshots (every thread of the process is
 * suspended): a complete checkpoint runs them on the calling thread, before and after; a partial or
 * system-initiated one stops the task wherever it is, so only onResume/onRestart run, afterwards,
 * on the jckpt-dmtcp-events thread, concurrently with the program.
 */
public interface CheckpointCallbacks {
    default void onCheckpoint() {
    }

    default void onResume() {
    }

    default void onRestart() {
    }
}
