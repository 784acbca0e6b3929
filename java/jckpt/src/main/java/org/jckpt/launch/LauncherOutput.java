package org.jckpt.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jckpt.system.DaemonThreads;

/**
 * The MPI launcher's output (its own messages and the tasks'), passed on as it comes: its stderr, and
 * its stdout where that is piped. The stream its MPI reports a failure on is read
 * line by line for that report ({@link FailureReport}), so that an automatic restart can say it.
 */
final class LauncherOutput {
    private final List<Thread> pumps = new ArrayList<>();
    private final FailureReport report;

    private LauncherOutput(FailureReport report) {
        this.report = report;
    }

    /**
     * Pipes stderr, passed on to the launcher's own (perhaps captured) stream, and stdout where
     * {@code report} reads it; stdout stays inherited otherwise.
     */
    static ProcessBuilder redirect(ProcessBuilder pb, FailureReport report) {
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        return report.onStdout() ? pb.redirectOutput(ProcessBuilder.Redirect.PIPE) : pb;
    }

    /** Starts passing {@code job}'s output, piped as {@link #redirect} set it up, on to {@code out} and {@code err}; {@code report} reads its stream. */
    static LauncherOutput follow(Process job, PrintStream out, PrintStream err, FailureReport report) {
        LauncherOutput output = new LauncherOutput(report);
        output.pump(job.getErrorStream(), err, report.onStdout() ? line -> { } : report::read);
        if (report.onStdout()) {
            output.pump(job.getInputStream(), out, report::read);
        }
        return output;
    }

    /**
     * The MPI's reason for the failure, e.g. "task 2 on node7 killed by signal 9 (Killed)"; empty
     * when it gave none. Waits a little for the last lines: processes left behind may hold the
     * pipes open.
     */
    Optional<String> cause() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread pump : pumps) {
            pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return report.cause();
    }

    private void pump(InputStream in, PrintStream out, Consumer<String> lines) {
        pumps.add(DaemonThreads.start("jckpt-launcher-output", () -> copy(in, out, lines)));
    }

    private static void copy(InputStream in, PrintStream out, Consumer<String> lines) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines.accept(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else if (line.size() < 4096) {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // The launcher is gone; whatever it said has been passed on.
        }
    }
}
