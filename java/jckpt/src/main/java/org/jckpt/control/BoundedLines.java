package org.jckpt.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines of at most {@link #MAX_BYTES} from a control socket. Anyone who can reach the
 * port can connect; a line without end must cost an exception, not the launcher's heap.
 */
public final class BoundedLines {
    /** Far above any control message (a set file's path, an error message). */
    public static final int MAX_BYTES = 64 << 10;

    private final InputStream in;

    public BoundedLines(InputStream in) {
        this.in = new BufferedInputStream(in);
    }

    /** The next line without its end, or null at the end of the stream (a last line without '\n' is dropped). */
    public String read() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            if (line.size() == MAX_BYTES) {
                throw new IOException("control line longer than " + MAX_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
