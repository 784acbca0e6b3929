package org.jckpt.engine.app.taskfile.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Compresses chunks of at most {@code chunk} bytes one at a time, each on its own (so that a reader
 * decompresses only the chunks it needs), optionally byte-shuffled first. Holds native state: close it.
 */
public final class ChunkPacker implements AutoCloseable {
    private final Compression compression;
    private final ZstdCompressCtx zstd;
    private final LZ4Compressor lz4;
    private final byte[] shuffled;
    private final int bound;

    public ChunkPacker(Compression compression, int chunk) {
        if (!compression.compresses()) {
            throw new IllegalArgumentException("no codec to pack with: " + compression);
        }
        this.compression = compression;
        this.shuffled = new byte[chunk];
        if (compression.codec() == Compression.Codec.ZSTD) {
            zstd = new ZstdCompressCtx().setLevel(compression.level());
            lz4 = null;
            bound = Math.toIntExact(Zstd.compressBound(chunk));
        } else {
            zstd = null;
            lz4 = LZ4Factory.fastestInstance().fastCompressor();
            bound = lz4.maxCompressedLength(chunk);
        }
    }

    public Compression compression() {
        return compression;
    }

    /** The size {@link #pack}'s {@code out} must have. */
    public int outSize() {
        return bound;
    }

    /**
     * Packs {@code raw[0, length)}, shuffled in elements of {@code width} bytes first (1: not shuffled),
     * into {@code out}, and returns the stored length. When compressing does not shrink the chunk,
     * {@code out} gets the raw bytes, unshuffled, and the stored length is {@code length}: a stored
     * length equal to the raw one means "stored as is".
     */
    public int pack(byte[] raw, int length, int width, byte[] out) {
        byte[] src = raw;
        if (width > 1) {
            Shuffle.shuffle(raw, length, width, shuffled);
            src = shuffled;
        }
        int n = zstd != null ? zstd.compressByteArray(out, 0, out.length, src, 0, length)
                : lz4.compress(src, 0, length, out, 0, out.length);
        if (n < length) {
            return n;
        }
        System.arraycopy(raw, 0, out, 0, length);
        return length;
    }

    @Override
    public void close() {
        if (zstd != null) {
            zstd.close();
        }
    }
}
