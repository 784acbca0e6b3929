package org.jckpt.engine.app.taskfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import org.jckpt.store.Checksummed;

/**
 * Appends a task file's bytes to a channel through a staging buffer, summing them as they go: the
 * whole file's CRC-32C and, up to {@link #endData()}, each {@link TaskFileIndex#BLOCK}-byte block's.
 */
final class TaskFileOutput {
    private final WritableByteChannel channel;
    private final ByteBuffer staging;
    private final BlockSums sums = new BlockSums();
    private long size;

    /** Output to {@code channel} from its position on, through {@code staging} (cleared, little-endian). */
    TaskFileOutput(WritableByteChannel channel, ByteBuffer staging) {
        this.channel = channel;
        this.staging = staging.clear().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** How many bytes were appended. */
    long position() {
        return size + staging.position();
    }

    /** The staging buffer with at least {@code bytes} (at most its capacity) free, to put small fields in. */
    ByteBuffer room(int bytes) throws IOException {
        if (staging.remaining() < bytes) {
            flush();
        }
        return staging;
    }

    void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), room(1).remaining());
            staging.put(src.slice(src.position(), n));
            src.position(src.position() + n);
        }
    }

    void write(byte[] src, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(src, offset, length));
    }

    /** Ends the blocks (what follows, the index, is covered by its own checksum) and returns their checksums. */
    int[] endData() throws IOException {
        flush();
        return sums.endBlocks();
    }

    /** Writes out what is staged; returns the CRC-32C and size of everything appended. */
    Checksummed finish() throws IOException {
        flush();
        return new Checksummed(sums.whole(), size);
    }

    private void flush() throws IOException {
        staging.flip();
        sums.update(staging.duplicate());
        size += staging.remaining();
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
    }
}
