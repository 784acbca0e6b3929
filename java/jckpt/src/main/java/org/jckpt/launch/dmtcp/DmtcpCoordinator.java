package org.jckpt.launch.dmtcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jckpt.engine.dmtcp.ImageStaging;
import org.jckpt.launch.LaunchException;
import org.jckpt.system.ExternalCommand;

/**
 * A job's own {@code dmtcp_coordinator}, on a free port, writing images to the job's staging
 * directory; {@code dmtcp_command} talks to it. Its output goes to {@code coordinator.log} there.
 */
final class DmtcpCoordinator implements AutoCloseable {
    /** dmtcp_command -bc returns once every image is written: minutes for many GB; a hung DMTCP still ends. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);

    private final DmtcpInstall dmtcp;
    private final Process process;
    private final String host;
    private final int port;

    private DmtcpCoordinator(DmtcpInstall dmtcp, Process process, String host, int port) {
        this.dmtcp = dmtcp;
        this.process = process;
        this.host = host;
        this.port = port;
    }

    static DmtcpCoordinator start(DmtcpInstall dmtcp, ImageStaging staging, String host) throws IOException, LaunchException {
        Path portFile = staging.dir().resolve("coordinator.port");
        Path log = staging.dir().resolve("coordinator.log");
        staging.modes().write(log, new byte[0]); // the redirect keeps a file's mode
        // stdin stays a pipe: the coordinator watches its stdin and aborts on /dev/null.
        Process p = new ProcessBuilder(dmtcp.command("dmtcp_coordinator"), "-p", "0", "--port-file", portFile.toString(),
                "--ckptdir", staging.dir().toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(portFile) || Files.size(portFile) == 0) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new LaunchException("dmtcp_coordinator did not start: " + Files.readString(log).trim());
            }
            sleep(10);
        }
        int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
        return new DmtcpCoordinator(dmtcp, p, host, port);
    }

    long pid() {
        return process.pid();
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Runs {@code dmtcp_command} with {@code flags} against this coordinator; returns its output. */
    String command(String... flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(dmtcp.command("dmtcp_command"), "-h", host, "-p", Integer.toString(port)));
        cmd.addAll(List.of(flags));
        ExternalCommand.Result r;
        try {
            r = new ExternalCommand(cmd, COMMAND_TIMEOUT).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running dmtcp_command", e);
        }
        if (!r.ok()) {
            throw new IOException("dmtcp_command " + String.join(" ", flags) + " failed: " + r.output().trim());
        }
        return r.output();
    }

    /** What {@code dmtcp_command -s} reports: processes connected, and whether all of them run. */
    record Status(int peers, boolean running) {
    }

    Status status() throws IOException {
        Integer peers = null;
        Boolean running = null;
        for (String line : command("-s").split("\n")) {
            String l = line.trim();
            if (l.startsWith("NUM_PEERS=")) {
                peers = Integer.parseInt(l.substring("NUM_PEERS=".length()));
            } else if (l.startsWith("RUNNING=")) {
                running = l.equals("RUNNING=yes");
            }
        }
        if (peers == null || running == null) {
            throw new IOException("dmtcp_command -s did not report NUM_PEERS and RUNNING");
        }
        return new Status(peers, running);
    }

    /** Checkpoints every process; returns once every image is written ({@code -bc}). */
    void checkpoint() throws IOException {
        command("-bc");
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Ends whatever of the job still runs, on any host (a restart on another host is not the
     * launcher's child, so ending mpirun's process tree does not reach it), then the coordinator.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                command("--kill");
            } catch (IOException e) {
                // No process left to end, or the coordinator is going: nothing more to do.
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
