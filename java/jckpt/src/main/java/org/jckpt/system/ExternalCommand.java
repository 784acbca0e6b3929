package org.jckpt.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A short external command (scontrol, dmtcp_command, ompi_info, dd) run to its end: its exit
 * status and what it printed (stdout and stderr together). None may wait forever: past its time
 * it is killed and the run fails.
 */
public record ExternalCommand(List<String> command, Duration timeout) {

    /** How the command ended. */
    public record Result(int status, String output) {
        public boolean ok() {
            return status == 0;
        }
    }

    /** Runs a command to its end within a time: {@link #SYSTEM}, or in tests one that answers as the real command would. */
    @FunctionalInterface
    public interface Runner {
        Result run(List<String> command, Duration timeout) throws IOException, InterruptedException;
    }

    /** Runs commands on this system. */
    public static final Runner SYSTEM = (command, timeout) -> new ExternalCommand(command, timeout).run();

    public static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return new ExternalCommand(List.of(command), timeout).run();
    }

    public Result run() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read on another thread: a command that never closes its output must not hold us past the timeout.
        CompletableFuture<String> output = new CompletableFuture<>();
        DaemonThreads.start("jckpt-command-output", () -> output.complete(readAll(p.getInputStream())));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException(name() + " did not finish within " + timeout.toSeconds() + " s");
        }
        try {
            return new Result(p.exitValue(), output.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read what " + name() + " printed", e);
        }
    }

    /** The command as a person would type it. */
    public String name() {
        return String.join(" ", command);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
