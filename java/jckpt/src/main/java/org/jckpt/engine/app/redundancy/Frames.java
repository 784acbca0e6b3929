package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The text frames of jckpt's connections between tasks: a request's header and its answer, each
 * tab-separated fields behind a 4-byte length, so that a file's bytes can follow a header as they are.
 */
final class Frames {
    /** No header or answer is longer: a peer that claims more is not one. */
    private static final int MOST = 1 << 16;

    private Frames() {
    }

    static void write(PeerChannel out, Object... fields) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Object f : fields) {
            sb.append(sb.length() > 0 ? "\t" : "").append(String.valueOf(f).replace('\t', ' ').replace('\n', ' '));
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        out.writeFully(ByteBuffer.allocate(Integer.BYTES + text.length).putInt(text.length).put(text).flip());
    }

    /** The next frame's fields; {@link java.io.EOFException} when the peer closed the connection. */
    static String[] read(PeerChannel in) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        in.readFully(length);
        int n = length.getInt(0);
        if (n < 0 || n > MOST) {
            throw new IOException("not a jckpt peer: a frame of " + n + " bytes");
        }
        ByteBuffer text = ByteBuffer.allocate(n);
        in.readFully(text);
        return new String(text.array(), StandardCharsets.UTF_8).split("\t", -1);
    }
}
