package org.jckpt.launch;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open MPI's report of why a job failed, on mpirun's stderr: its help texts
 * orterun:proc-aborted-signal, orterun:non-zero-exit and errmgr:node-died.
 */
final class OpenMpiFailureReport implements FailureReport {
    private static final Pattern SIGNALED = Pattern.compile(
            "process rank (\\d+) with PID \\d+ on node (\\S+) exited on signal (\\d+) \\(([^)]*)\\)");
    private static final Pattern PROCESS_NAME = Pattern.compile("Process name:\\s+\\[\\[\\d+,\\d+\\],(\\d+)\\]");
    private static final Pattern EXIT_CODE = Pattern.compile("Exit code:\\s+(\\d+)");
    private static final Pattern LOST_DAEMON = Pattern.compile("Remote daemon:\\s+\\S+ on node (\\S+)");

    private String rank; // of "Process name:", until its "Exit code:" line
    private volatile String cause;

    @Override
    public boolean onStdout() {
        return false;
    }

    @Override
    public void read(String line) {
        if (cause != null) {
            return; // The first report is the failure; the rest follow from it.
        }
        Matcher m;
        if ((m = SIGNALED.matcher(line)).find()) {
            cause = "task " + m.group(1) + " on " + m.group(2) + " killed by signal " + m.group(3) + " (" + m.group(4) + ")";
        } else if ((m = PROCESS_NAME.matcher(line)).find()) {
            rank = m.group(1);
        } else if (rank != null && (m = EXIT_CODE.matcher(line)).find()) {
            cause = "task " + rank + " exited with status " + m.group(1);
        } else if ((m = LOST_DAEMON.matcher(line)).find()) {
            cause = "lost contact with Open MPI's daemon on " + m.group(1);
        }
    }

    @Override
    public Optional<String> cause() {
        return Optional.ofNullable(cause);
    }
}
