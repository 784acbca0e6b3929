package org.jckpt.engine.app.redundancy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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

    static void write(DataOutputStream out, Object... fields) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Object f : fields) {
            sb.append(sb.length() > 0 ? "\t" : "").append(String.valueOf(f).replace('\t', ' ').replace('\n', ' '));
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        out.writeInt(text.length);
        out.write(text);
        out.flush();
    }

    /** The next frame's fields; {@link java.io.EOFException} when the peer closed the connection. */
    static String[] read(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MOST) {
            throw new IOException("not a jckpt peer: a frame of " + length + " bytes");
        }
        byte[] text = new byte[length];
        in.readFully(text);
        return new String(text, StandardCharsets.UTF_8).split("\t", -1);
    }
}
