package org.jckpt.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jckpt.control.BoundedLines;
import org.jckpt.control.Causes;
import org.jckpt.system.DaemonThreads;

/**
 * The launcher's local control socket, for {@code jckpt checkpoint [-k] JOB}: one request line
 * {@code CHECKPOINT <0|1>} (1 = stop the job once the set commits), one answer line
 * {@code OK <set file>} or {@code FAIL <reason>}.
 */
public final class JobControl implements AutoCloseable {
    private final ServerSocketChannel server;

    /** Serves requests with {@code onCheckpoint(stop)}, which completes with the set file. */
    public JobControl(Path socket, Function<Boolean, CompletableFuture<String>> onCheckpoint) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        DaemonThreads.start("jckpt-job-control", () -> acceptLoop(onCheckpoint));
    }

    private void acceptLoop(Function<Boolean, CompletableFuture<String>> onCheckpoint) {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                DaemonThreads.start("jckpt-job-control-conn", () -> serve(ch, onCheckpoint));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(SocketChannel ch, Function<Boolean, CompletableFuture<String>> onCheckpoint) {
        try (ch) {
            String line = new BoundedLines(Channels.newInputStream(ch)).read();
            PrintStream out = new PrintStream(Channels.newOutputStream(ch), true, StandardCharsets.UTF_8);
            String[] request = String.valueOf(line).split("\t");
            if (!request[0].equals("CHECKPOINT") || request.length < 2) {
                out.println("FAIL\tunknown request");
                return;
            }
            try {
                out.println("OK\t" + onCheckpoint.apply(request[1].equals("1")).join());
            } catch (RuntimeException e) {
                out.println("FAIL\t" + Causes.rootMessage(e));
            }
        } catch (IOException ignored) {
            // The client went away (the checkpoint itself goes on), or sent a line without end.
        }
    }

    /** What a job answered: the committed set file, or why no set committed. */
    public record Answer(boolean committed, String text) {
        static Answer of(String line) {
            if (line == null) {
                return new Answer(false, "the job ended before answering");
            }
            String[] f = line.split("\t", 2);
            return new Answer(f[0].equals("OK") && f.length == 2, f.length == 2 ? f[1] : line);
        }
    }

    /** Asks the job behind {@code socket} for a checkpoint (and with {@code stop} to end after it). */
    public static Answer request(Path socket, boolean stop) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            PrintStream out = new PrintStream(Channels.newOutputStream(ch), true, StandardCharsets.UTF_8);
            out.println("CHECKPOINT\t" + (stop ? "1" : "0"));
            return Answer.of(new BoundedLines(Channels.newInputStream(ch)).read());
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Nothing else to release.
        }
    }
}
