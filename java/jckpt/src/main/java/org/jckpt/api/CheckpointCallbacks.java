package org.jckpt.api;

/**
 * Called around checkpoints, like PE's {@code mpc_set_ckpt_callbacks}: before this task's part is
 * taken, after the job goes on from a checkpoint, and after a restart has loaded the state.
 * With the DMTCP engine they run on a jckpt thread while the program's threads are stopped, so
 * they must not wait for the program's own threads.
 */
public interface CheckpointCallbacks {
    default void onCheckpoint() {
    }

    default void onResume() {
    }

    default void onRestart() {
    }
}
