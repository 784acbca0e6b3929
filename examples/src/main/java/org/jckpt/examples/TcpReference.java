package org.jckpt.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import mpi.MPI;
import mpi.MPIException;

/**
 * The floor of moving a checkpoint's copy to another node: plain TCP between the job's tasks, each
 * task sending a buffer to the task half the job away ({@code (rank + size/2) mod size}, on another
 * host when the tasks fill their hosts in turn) while receiving as much from the task half the job
 * behind, over connections made once. What a redundancy scheme moves to other nodes, moved with
 * nothing else: no checksum, no file, no priority.
 */
final class TcpReference implements AutoCloseable {
    private static final int NAME_BYTES = 256;
    private static final int SINK_BYTES = 1 << 20;

    private final SocketChannel to;
    private final SocketChannel from;
    private final ByteBuffer sink = ByteBuffer.allocateDirect(SINK_BYTES);

    private TcpReference(SocketChannel to, SocketChannel from) {
        this.to = to;
        this.from = from;
    }

    /** Collective: every task's connections to its pair; fails when a task's pair is on its own host. */
    static TcpReference connect() throws MPIException, IOException {
        int rank = MPI.COMM_WORLD.getRank();
        int size = MPI.COMM_WORLD.getSize();
        if (size < 2) {
            throw new IllegalArgumentException("the TCP reference needs 2 tasks at least");
        }
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(0))) {
            String host = InetAddress.getLocalHost().getHostName();
            String[] addresses = allGather(host + " " + ((InetSocketAddress) server.getLocalAddress()).getPort(), size);
            int peer = (rank + size / 2) % size;
            String[] address = addresses[peer].split(" ");
            if (address[0].equals(host)) {
                throw new IllegalArgumentException("the TCP reference needs task " + rank + "'s pair, task " + peer
                        + ", on another host; both are on " + host);
            }
            // Every task connects before it accepts: the backlog holds the connection until then.
            SocketChannel to = SocketChannel.open(new InetSocketAddress(address[0], Integer.parseInt(address[1])));
            return new TcpReference(to, server.accept());
        }
    }

    /** Sends {@code state} whole to this task's pair while receiving as many bytes from the other side. */
    void exchange(ByteBuffer state) {
        ByteBuffer out = state.duplicate().clear();
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                while (out.hasRemaining()) {
                    to.write(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            for (long left = state.capacity(); left > 0; ) {
                sink.clear().limit((int) Math.min(SINK_BYTES, left));
                int n = from.read(sink);
                if (n < 0) {
                    throw new IOException("the TCP reference's pair closed its connection");
                }
                left -= n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sent.join();
    }

    private static String[] allGather(String text, int size) throws MPIException {
        byte[] mine = Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), NAME_BYTES);
        byte[] all = new byte[NAME_BYTES * size];
        MPI.COMM_WORLD.allGather(mine, NAME_BYTES, MPI.BYTE, all, NAME_BYTES, MPI.BYTE);
        String[] texts = new String[size];
        for (int i = 0; i < size; i++) {
            texts[i] = new String(all, i * NAME_BYTES, NAME_BYTES, StandardCharsets.UTF_8).replace("\0", "");
        }
        return texts;
    }

    @Override
    public void close() throws IOException {
        to.close();
        from.close();
    }
}
