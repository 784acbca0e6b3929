package org.jckpt.engine.dmtcp;

/** A DMTCP function was called in a process that does not run under DMTCP. */
public final class DmtcpNotRunningException extends DmtcpException {
    public DmtcpNotRunningException(String function) {
        super(function + ": not running under DMTCP (start the job with 'jckpt run --engine dmtcp')",
                DmtcpNative.UNRESOLVED);
    }
}
