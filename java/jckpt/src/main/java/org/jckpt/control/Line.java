package org.jckpt.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One control connection carrying tab-separated text lines, written whole under a lock. */
final class Line implements AutoCloseable {
    private final Socket socket;
    private final BoundedLines in;
    private final PrintStream out;

    Line(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new BoundedLines(socket.getInputStream());
        OutputStream os = socket.getOutputStream();
        this.out = new PrintStream(os, false, StandardCharsets.UTF_8);
    }

    /** How long {@link #read} waits before it throws; zero for ever. */
    void timeout(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    /** The next message split into fields, or null at the end of the stream. */
    String[] read() throws IOException {
        String line = in.read();
        return line == null ? null : line.split("\t", -1);
    }

    /** The address this end of the connection has: one the coordinator's host, and so the job's others, reach. */
    InetAddress localAddress() {
        return socket.getLocalAddress();
    }

    synchronized void send(Object... fields) {
        StringBuilder sb = new StringBuilder();
        for (Object f : fields) {
            if (sb.length() > 0) {
                sb.append('\t');
            }
            sb.append(String.valueOf(f).replace('\t', ' ').replace('\n', ' '));
        }
        out.print(sb.append('\n'));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a control socket that the peer already closed.
        }
    }
}
