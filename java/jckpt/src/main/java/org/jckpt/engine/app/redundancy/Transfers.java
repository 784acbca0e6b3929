package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.jckpt.store.FileModes;

/**
 * A file's bytes over a peer connection, checksummed on the way, in either direction: sent from
 * the page cache by the kernel, received through one direct buffer into the file.
 */
final class Transfers {
    private static final int CHUNK = 1 << 20;
    /** The most of a file mapped at once: mappings go only when the collector finds them. */
    private static final long MAPPED = 64L << 20;

    private Transfers() {
    }

    /**
     * Writes {@code range} of {@code file} to {@code out}, adding its bytes to {@code sum}: each
     * piece checksummed where the file is mapped, then sent by the kernel from its page cache.
     */
    static void send(Path file, XorCode.Range range, PeerChannel out, CRC32C sum) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < range.offset() + range.length()) {
                throw new IOException(file + " ends before the " + range.length() + " bytes from " + range.offset());
            }
            for (long done = 0; done < range.length(); ) {
                long position = range.offset() + done;
                long n = Math.min(MAPPED, range.length() - done);
                MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, position, n);
                for (int at = 0; at < n; at += CHUNK) {
                    int piece = (int) Math.min(CHUNK, n - at);
                    sum.update(mapped.slice(at, piece));
                    out.sendFile(ch, position + at, piece); // its bytes still in the cache the checksum left them in
                }
                done += n;
            }
        }
    }

    /** Writes the whole of {@code file}, of {@code size} bytes, to {@code out}, unread here: the kernel sends it. */
    static void sendWhole(Path file, long size, PeerChannel out) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() != size) {
                throw new IOException(file + " has " + ch.size() + " bytes, its seal " + size);
            }
            out.sendFile(ch, 0, size);
        }
    }

    /**
     * Reads {@code size} bytes into {@code part} and {@code sum}; returns why the file could not be
     * written, having read every byte anyway, so that the connection stays usable.
     */
    static IOException receive(PeerChannel in, long size, Path part, FileModes modes, CRC32C sum) throws IOException {
        IOException unwritten = null;
        FileChannel ch = null;
        try {
            ch = modes.createForWriting(part);
        } catch (IOException e) {
            unwritten = e;
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        try {
            for (long left = size; left > 0; ) {
                buf.clear().limit((int) Math.min(CHUNK, left));
                in.readFully(buf);
                buf.flip();
                sum.update(buf.duplicate());
                left -= buf.limit();
                if (unwritten == null) {
                    try {
                        while (buf.hasRemaining()) {
                            ch.write(buf);
                        }
                    } catch (IOException e) {
                        unwritten = e;
                    }
                }
            }
        } finally {
            if (ch != null) {
                ch.close();
            }
        }
        return unwritten;
    }
}
