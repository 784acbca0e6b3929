package org.jckpt.launch;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hydra's report of a task killed by a signal, on mpiexec's stdout: a block "BAD TERMINATION OF ONE
 * OF YOUR APPLICATION PROCESSES" with a PID, its host and its exit code, then "YOUR APPLICATION
 * TERMINATED WITH THE EXIT STRING: Killed (signal 9)". The exit string is the failed task's; the
 * block's PID is of whichever task's end Hydra saw first, often one it killed itself while cleaning
 * up (MPICH 4.0.2 and 4.2.1: rank 1 segfaults, the block names rank 0 with exit code 9), so the
 * cause names neither. A task that exits non-zero gets no report: mpiexec's status is all there is.
 */
final class HydraFailureReport implements FailureReport {
    private static final Pattern SIGNALED = Pattern.compile("^YOUR APPLICATION TERMINATED WITH THE EXIT STRING: (.*) \\(signal (\\d+)\\)");

    private volatile String cause;

    @Override
    public boolean onStdout() {
        return true;
    }

    @Override
    public void read(String line) {
        Matcher m = SIGNALED.matcher(line);
        if (cause == null && m.find()) {
            cause = "a task killed by signal " + m.group(2) + " (" + m.group(1) + ")";
        }
    }

    @Override
    public Optional<String> cause() {
        return Optional.ofNullable(cause);
    }
}
