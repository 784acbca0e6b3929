package org.jckpt.control;

/** What tasks do when they reach a request's target safe point. */
public enum RequestKind {
    /** Take every task's part of a checkpoint there (partial and system-initiated checkpoints). */
    TAKE,
    /** Tell the program there that a checkpoint is due ({@code --ckpt-every DURATION}). */
    SUGGEST
}
