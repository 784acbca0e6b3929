package org.jckpt.engine.dmtcp;

import org.jckpt.api.CheckpointException;

/** A DMTCP call that failed; {@link #code()} is DMTCP's (or jckpt's bridge's) return code. */
public class DmtcpException extends CheckpointException {
    private final int code;

    public DmtcpException(String message, int code) {
        super(message);
        this.code = code;
    }

    public DmtcpException(String message, Throwable cause) {
        super(message, cause);
        this.code = 0;
    }

    public int code() {
        return code;
    }
}
