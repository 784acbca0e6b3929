package org.jckpt.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One control connection carrying tab-separated text lines, written whole under a lock. */
final class Line implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final PrintStream out;

    Line(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream os = socket.getOutputStream();
        this.out = new PrintStream(os, false, StandardCharsets.UTF_8);
    }

    /** The next message split into fields, or null at the end of the stream. */
    String[] read() throws IOException {
        String line = in.readLine();
        return line == null ? null : line.split("\t", -1);
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
