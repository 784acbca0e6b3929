package org.jckpt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** CRC-32C (hardware-assisted in the JDK) of files, as 8 hex digits. */
public final class Checksums {
    private static final int CHUNK = 4 << 20;

    private Checksums() {
    }

    public static String hex(long crc) {
        return String.format("%08x", crc);
    }

    /** CRC-32C and size of a whole file; {@code progress} sees each chunk's byte count. */
    public static Checksummed crcAndSize(Path file, Progress progress) throws IOException {
        CRC32C crc = new CRC32C();
        long size = 0;
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(buf.clear())) >= 0) {
                crc.update(buf.flip());
                size += n;
                progress.advance(n);
            }
        }
        return new Checksummed(crc.getValue(), size);
    }
}
