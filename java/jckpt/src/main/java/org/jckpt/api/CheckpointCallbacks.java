package org.jckpt.api;

/**
 * Called around checkpoints, like PE's {@code mpc_set_ckpt_callbacks} and OpenJDK CRaC's
 * {@code org.crac.Resource}: before this task's part is taken, after the job goes on from a
 * checkpoint, and after a restart has loaded the state.
 *
 * <p>A callback may throw, checked exceptions included (as CRaC's {@code beforeCheckpoint} and
 * {@code afterRestore} may). Every callback registered is still called; the first exception, with
 * later ones suppressed, then fails the checkpoint on every task: no set is committed, the previous
 * one stays the newest, and the job goes on. A complete checkpoint throws a
 * {@link CheckpointException} naming the task to its caller on every task; a partial one completes
 * its future exceptionally; a system-initiated one makes {@code jckpt checkpoint} exit non-zero.
 * {@code onResume} runs once this task's part is taken and before the set commits, so that its
 * failure also keeps the set from committing. A failing {@code onRestart} fails the restart.
 *
 * <p>With the DMTCP engine nothing runs while DMTCP snapshots (every thread of the process is
 * suspended): a complete checkpoint runs them on the calling thread, before and after; a partial or
 * system-initiated one stops the task wherever it is, so only onResume/onRestart run, afterwards,
 * on the jckpt-dmtcp-events thread, concurrently with the program.
 */
public interface CheckpointCallbacks {
    default void onCheckpoint() throws Exception {
    }

    default void onResume() throws Exception {
    }

    default void onRestart() throws Exception {
    }
}
