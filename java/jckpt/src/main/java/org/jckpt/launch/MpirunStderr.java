package org.jckpt.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.system.DaemonThreads;

/**
 * mpirun's stderr (its own messages and the tasks'), passed on to the launcher's as it comes, and
 * read for Open MPI's report of why a job failed (its help texts orterun:proc-aborted-signal,
 * orterun:non-zero-exit and errmgr:node-died), so that an automatic restart can say it.
 */
final class MpirunStderr {
    private static final Pattern SIGNALED = Pattern.compile(
            "process rank (\\d+) with PID \\d+ on node (\\S+) exited on signal (\\d+) \\(([^)]*)\\)");
    private static final Pattern PROCESS_NAME = Pattern.compile("Process name:\\s+\\[\\[\\d+,\\d+\\],(\\d+)\\]");
    private static final Pattern EXIT_CODE = Pattern.compile("Exit code:\\s+(\\d+)");
    private static final Pattern LOST_DAEMON = Pattern.compile("Remote daemon:\\s+\\S+ on node (\\S+)");

    private final Thread pump;
    private String rank; // of "Process name:", until its "Exit code:" line
    private volatile String cause;

    private MpirunStderr(InputStream in, PrintStream out) {
        this.pump = DaemonThreads.start("jckpt-mpirun-stderr", () -> copy(in, out));
    }

    /** Starts passing {@code job}'s stderr on to {@code out}. */
    static MpirunStderr follow(Process job, PrintStream out) {
        return new MpirunStderr(job.getErrorStream(), out);
    }

    /**
     * Open MPI's reason for the failure, e.g. "task 2 on node7 killed by signal 9 (Killed)"; empty
     * when it gave none. Waits a little for the last lines: processes left behind may hold the
     * pipe open.
     */
    Optional<String> cause() throws InterruptedException {
        pump.join(TimeUnit.SECONDS.toMillis(5));
        return Optional.ofNullable(cause);
    }

    private void copy(InputStream in, PrintStream out) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        read(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else if (line.size() < 4096) {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // mpirun is gone; whatever it said has been passed on.
        }
    }

    private void read(String line) {
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
}
