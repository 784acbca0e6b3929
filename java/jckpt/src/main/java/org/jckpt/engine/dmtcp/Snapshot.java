package org.jckpt.engine.dmtcp;

/** How a process came back from a DMTCP checkpoint. */
public enum Snapshot {
    /** The checkpoint was written and the same process goes on. */
    RESUMED,
    /** The process was restarted from the checkpoint's image. */
    RESTARTED
}
