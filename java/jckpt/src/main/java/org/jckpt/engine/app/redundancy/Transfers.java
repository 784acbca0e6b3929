package org.jckpt.engine.app.redundancy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.jckpt.store.FileModes;

/** A file's bytes over a peer connection, checksummed on the way, in either direction. */
final class Transfers {
    private static final int CHUNK = 1 << 20;

    private Transfers() {
    }

    /** Writes {@code range} of {@code file} to {@code out}, adding its bytes to {@code sum}. */
    static void send(Path file, XorCode.Range range, DataOutputStream out, CRC32C sum) throws IOException {
        byte[] buf = new byte[CHUNK];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(range.offset());
            for (long left = range.length(); left > 0; ) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, left));
                while (b.hasRemaining()) {
                    if (ch.read(b) < 0) {
                        throw new IOException(file + " ends before the " + range.length() + " bytes from " + range.offset());
                    }
                }
                out.write(buf, 0, b.position());
                sum.update(buf, 0, b.position());
                left -= b.position();
            }
        }
        out.flush();
    }

    /**
     * Reads {@code size} bytes into {@code part} and {@code sum}; returns why the file could not be
     * written, having read every byte anyway, so that the connection stays usable.
     */
    static IOException receive(DataInputStream in, long size, Path part, FileModes modes, CRC32C sum) throws IOException {
        IOException unwritten = null;
        FileChannel ch = null;
        try {
            ch = modes.createForWriting(part);
        } catch (IOException e) {
            unwritten = e;
        }
        byte[] buf = new byte[CHUNK];
        try {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buf.length, left);
                in.readFully(buf, 0, n);
                sum.update(buf, 0, n);
                left -= n;
                if (unwritten == null) {
                    try {
                        for (ByteBuffer b = ByteBuffer.wrap(buf, 0, n); b.hasRemaining(); ) {
                            ch.write(b);
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
