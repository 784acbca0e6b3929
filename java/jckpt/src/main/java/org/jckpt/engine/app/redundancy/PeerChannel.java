package org.jckpt.engine.app.redundancy;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One of jckpt's connections between tasks, moving bytes from and to direct buffers with no copy
 * of the JDK's between them and the kernel. Non-blocking underneath, so that every wait, for
 * bytes to arrive or for room to send them, ends after {@link #silence} without progress.
 */
final class PeerChannel implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long silenceMs;

    private PeerChannel(SocketChannel channel, Duration silence) throws IOException {
        this.channel = channel;
        this.silenceMs = silence.toMillis();
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
    }

    /** Connects to {@code address} within {@code connect}; waits at most {@code silence} later. */
    static PeerChannel connect(InetSocketAddress address, Duration connect, Duration silence) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(address, Math.toIntExact(connect.toMillis()));
            return new PeerChannel(channel, silence);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A connection a server accepted. */
    static PeerChannel accepted(SocketChannel channel, Duration silence) throws IOException {
        try {
            return new PeerChannel(channel, silence);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Sends what {@code bytes} has left. */
    void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                await(SelectionKey.OP_WRITE, "room to send");
            }
        }
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} as the kernel moves them, from
     * its page cache to the socket; the file must hold them.
     */
    void sendFile(FileChannel file, long position, long count) throws IOException {
        for (long done = 0; done < count; ) {
            long n = file.transferTo(position + done, count - done, channel);
            if (n == 0) {
                await(SelectionKey.OP_WRITE, "room to send");
            }
            done += n;
        }
    }

    /** Fills what {@code bytes} has left; {@link EOFException} when the peer closed first. */
    void readFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            int n = channel.read(bytes);
            if (n < 0) {
                throw new EOFException("the peer closed the connection");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, "bytes");
            }
        }
    }

    /** Reads and drops {@code n} bytes: a refused file's, so that the connection stays usable. */
    void skip(long n) throws IOException {
        ByteBuffer sink = ByteBuffer.allocateDirect((int) Math.min(n, 1 << 20));
        for (long left = n; left > 0; left -= sink.limit()) {
            sink.clear().limit((int) Math.min(sink.capacity(), left));
            readFully(sink);
        }
    }

    private void await(int operation, String what) throws IOException {
        key.interestOps(operation);
        int ready = selector.select(silenceMs);
        selector.selectedKeys().clear();
        if (ready == 0) {
            throw new SocketTimeoutException("no " + what + " from " + remote() + " for " + silenceMs / 1000 + " s");
        }
    }

    SocketAddress remote() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
