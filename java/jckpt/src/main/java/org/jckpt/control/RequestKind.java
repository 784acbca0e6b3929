package org.jckpt.control;

/** What tasks do when they reach a request's target safe point. */
public enum RequestKind {
    /** Take every task's part of a system-initiated checkpoint there ({@code jckpt checkpoint}, a signal). */
    TAKE,
    /** Take every task's part of a partial checkpoint there (one task asked). */
    PARTIAL,
    /** Tell the program there that a checkpoint is due ({@code --ckpt-every} with a duration or a policy). */
    SUGGEST;

    /** Whether tasks take a checkpoint at the target (and task 0 reports its outcome). */
    public boolean takes() {
        return this != SUGGEST;
    }
}
