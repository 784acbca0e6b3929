package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A parity as a node keeps it: the XOR's bytes, then their CRC-32C in 4 bytes. The set file
 * records the copies' checksums, not the parities' (each is made on its own node after the set's
 * copies are sealed), so a parity carries its own, and a damaged one is found before it is used.
 */
final class ParityFile {
    private static final int TRAILER = 4;
    private static final int BLOCK = 1 << 20;

    private ParityFile() {
    }

    /** Appends {@code crc}, the CRC of {@code part}'s bytes as they were written. */
    static void seal(Path part, long crc) throws IOException {
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(TRAILER).putInt((int) crc).flip(), ch.size());
        }
    }

    /** The XOR's bytes of a parity already checked against its CRC (on its node, and on arrival here). */
    static XorCode.Range checkedData(Path parity) throws IOException {
        return new XorCode.Range(0, Files.size(parity) - TRAILER);
    }

    /** The XOR's bytes of {@code parity}, or empty when they do not match the CRC that follows them. */
    static Optional<XorCode.Range> data(Path parity) throws IOException {
        try (FileChannel ch = FileChannel.open(parity, StandardOpenOption.READ)) {
            long size = ch.size() - TRAILER;
            if (size < 0) {
                return Optional.empty();
            }
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
            while (trailer.hasRemaining() && ch.read(trailer, size + trailer.position()) >= 0) {
                // reads the 4 bytes
            }
            return trailer.flip().getInt() == crcOf(ch, size) ? Optional.of(new XorCode.Range(0, size)) : Optional.empty();
        }
    }

    private static int crcOf(FileChannel ch, long size) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(BLOCK);
        for (long at = 0; at < size; ) {
            buf.clear().limit((int) Math.min(BLOCK, size - at));
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new IOException("a parity ended before its " + size + " bytes");
            }
            crc.update(buf.flip());
            at += n;
        }
        return (int) crc.getValue();
    }
}
