package org.jckpt.engine.app.taskfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jckpt.engine.app.taskfile.codec.ChunkUnpacker;

/**
 * What reads of task files go through: a staging buffer of whole blocks and, once a packed item is
 * read, one chunk's stored and raw bytes and the decoders. Bounded: a read never holds more.
 */
public final class ReadBuffers implements AutoCloseable {
    final ByteBuffer staging;
    private byte[] stored = new byte[0];
    private byte[] raw = new byte[0];
    private ChunkUnpacker unpacker;
    private int unpackerChunk;

    /** Buffers whose staging holds {@code staging} bytes, a whole number of blocks. */
    public ReadBuffers(int staging) {
        this.staging = ByteBuffer.allocateDirect(staging).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Room for a chunk's stored bytes. */
    byte[] stored(int length) {
        if (stored.length < length) {
            stored = new byte[length];
        }
        return stored;
    }

    /** Room for a chunk's raw bytes. */
    byte[] raw(int chunk) {
        if (raw.length < chunk) {
            raw = new byte[chunk];
        }
        return raw;
    }

    /** An unpacker of chunks of {@code chunk} raw bytes. */
    ChunkUnpacker unpacker(int chunk) {
        if (unpacker == null || unpackerChunk < chunk) {
            close();
            unpacker = new ChunkUnpacker(chunk);
            unpackerChunk = chunk;
        }
        return unpacker;
    }

    @Override
    public void close() {
        if (unpacker != null) {
            unpacker.close();
            unpacker = null;
        }
    }
}
