package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.jckpt.store.FileModes;

/**
 * A file's bytes over a peer connection, checksummed on the way, in either direction, through one
 * direct buffer; a sealed copy, whose checksum is known, is sent by the kernel from its page cache.
 */
final class Transfers {
    private static final int CHUNK = 1 << 20;

    private Transfers() {
    }

    /**
     * Writes {@code range} of {@code file} to {@code out}, adding its bytes to {@code sum}, through one
     * direct buffer (a mapping would hold the file's pages until the collector found it, past the
     * file's deletion).
     */
    static void send(Path file, XorCode.Range range, PeerChannel out, CRC32C sum) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = range.offset();
            for (long left = range.length(); left > 0; ) {
                buf.clear().limit((int) Math.min(CHUNK, left));
                while (buf.hasRemaining()) {
                    if (ch.read(buf, position + buf.position()) < 0) {
                        throw new IOException(file + " ends before the " + range.length() + " bytes from " + range.offset());
                    }
                }
                buf.flip();
                sum.update(buf.duplicate());
                out.writeFully(buf);
                position += buf.limit();
                left -= buf.limit();
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
        FileChannel ch;
        try {
            ch = modes.createForWriting(part);
        } catch (IOException e) {
            receive(in, size, null, sum);
            return e;
        }
        try (ch) {
            return receive(in, size, ch, sum);
        }
    }

    /**
     * Reads {@code size} bytes into {@code out} at its position (nowhere if null) and {@code sum};
     * returns why they could not be written, having read every byte anyway.
     */
    static IOException receive(PeerChannel in, long size, FileChannel out, CRC32C sum) throws IOException {
        IOException unwritten = null;
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        for (long left = size; left > 0; left -= buf.limit()) {
            buf.clear().limit((int) Math.min(CHUNK, left));
            in.readFully(buf);
            sum.update(buf.flip().duplicate());
            unwritten = unwritten != null || out == null ? unwritten : writeFully(out, buf);
        }
        return unwritten;
    }

    /** Writes what {@code buf} has left to {@code out}; the exception that stopped it, or null. */
    private static IOException writeFully(FileChannel out, ByteBuffer buf) {
        try {
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
