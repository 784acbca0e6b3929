package org.jckpt.engine.dmtcp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the computation generation from a DMTCP image's header (DmtcpCkptHeader of DMTCP 4/5:
 * a 32-byte signature, then the process's and its parent's unique ids, then the computation's,
 * whose generation field is at byte 100). Gzipped images are read through gzip.
 */
final class ImageHeader {
    private static final String SIGNATURE = "DMTCP_CHECKPOINT_IMAGE_v4.0\n";
    private static final int GENERATION_OFFSET = 100;

    private ImageHeader() {
    }

    static long generation(Path image) throws IOException {
        byte[] head = new byte[GENERATION_OFFSET + 4];
        try (InputStream in = open(image)) {
            if (in.readNBytes(head, 0, head.length) < head.length) {
                throw new IOException(image + ": too short for a DMTCP image");
            }
        }
        if (!new String(head, 0, SIGNATURE.length(), java.nio.charset.StandardCharsets.US_ASCII).equals(SIGNATURE)) {
            throw new IOException(image + ": not a DMTCP 4/5 image");
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(head, GENERATION_OFFSET, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    private static InputStream open(Path image) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(image));
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new GZIPInputStream(in) : in;
    }
}
