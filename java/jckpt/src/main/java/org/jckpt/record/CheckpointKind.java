package org.jckpt.record;

import java.util.Locale;

/** Who asked for a checkpoint, as the record names it. */
public enum CheckpointKind {
    /** The program called {@code checkpoint()} on its own. */
    COMPLETE,
    /** One task asked ({@code requestCheckpoint()}). */
    PARTIAL,
    /** {@code jckpt checkpoint}, a signal, a batch system's warning or {@code --halt-before}. */
    SYSTEM,
    /** The program called {@code checkpoint()} because {@code needCheckpoint()} said so. */
    PERIODIC;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
