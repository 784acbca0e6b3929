package org.jckpt.engine.app.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.jckpt.engine.app.taskfile.OldTaskFile;
import org.jckpt.store.SetFileException;

/**
 * One item's bytes as a stream, read a piece at a time from its task file (each piece's blocks
 * checked, compressed chunks unpacked as they come): an object reads itself back without the
 * whole of it ever being in memory.
 */
final class ItemInput extends InputStream {
    /** Whole compressed chunks: each is unpacked once. */
    private static final int PIECE = 1 << 20;

    /** Reads {@code bytes} of the item from {@code from} into {@code sink}. */
    interface Source {
        void read(long from, long bytes, OldTaskFile.Sink sink) throws SetFileException, IOException;
    }

    private final Source source;
    private final long length;
    private final ByteBuffer piece;
    private long next;

    ItemInput(Source source, long length) {
        this.source = source;
        this.length = length;
        this.piece = ByteBuffer.allocate((int) Math.min(PIECE, Math.max(length, 1))).flip();
    }

    @Override
    public int read() throws IOException {
        return fill() ? piece.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, piece.remaining());
        piece.get(b, off, n);
        return n;
    }

    /** Whether there are bytes to take, reading the next piece when the last one is used up. */
    private boolean fill() throws IOException {
        if (piece.hasRemaining()) {
            return true;
        }
        if (next == length) {
            return false;
        }
        long n = Math.min(piece.capacity(), length - next);
        piece.clear();
        try {
            source.read(next, n, piece::put);
        } catch (SetFileException e) {
            throw new IOException(e.getMessage(), e);
        }
        next += n;
        piece.flip();
        return true;
    }
}
