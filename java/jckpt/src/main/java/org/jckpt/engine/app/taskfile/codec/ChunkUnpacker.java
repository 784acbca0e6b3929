package org.jckpt.engine.app.taskfile.codec;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.util.zip.DataFormatException;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/** Undoes {@link ChunkPacker#pack} for any codec. Holds native state once zstd was used: close it. */
public final class ChunkUnpacker implements AutoCloseable {
    private final byte[] shuffled;
    private ZstdDecompressCtx zstd;
    private LZ4SafeDecompressor lz4;

    /** An unpacker of chunks of at most {@code chunk} raw bytes. */
    public ChunkUnpacker(int chunk) {
        this.shuffled = new byte[chunk];
    }

    /**
     * Writes the {@code rawLength} bytes that {@code stored[0, storedLength)} holds, packed with
     * {@code codec} and shuffle {@code width}, to {@code raw}; fails when they do not decode to exactly that many.
     */
    public void unpack(Compression.Codec codec, byte[] stored, int storedLength, int width, byte[] raw, int rawLength)
            throws DataFormatException {
        if (storedLength == rawLength) {
            System.arraycopy(stored, 0, raw, 0, rawLength);
            return;
        }
        byte[] dst = width > 1 ? shuffled : raw;
        int n;
        try {
            n = switch (codec) {
                case ZSTD -> zstd().decompressByteArray(dst, 0, rawLength, stored, 0, storedLength);
                case LZ4 -> lz4().decompress(stored, 0, storedLength, dst, 0, rawLength);
                case NONE -> throw new DataFormatException("a chunk stored without codec is " + storedLength
                        + " bytes, not " + rawLength);
            };
        } catch (ZstdException | LZ4Exception e) {
            throw new DataFormatException(codec + " cannot decode a chunk: " + e.getMessage());
        }
        if (n != rawLength) {
            throw new DataFormatException("a chunk decodes to " + n + " bytes, not " + rawLength);
        }
        if (width > 1) {
            Shuffle.unshuffle(shuffled, rawLength, width, raw);
        }
    }

    private ZstdDecompressCtx zstd() {
        if (zstd == null) {
            zstd = new ZstdDecompressCtx();
        }
        return zstd;
    }

    private LZ4SafeDecompressor lz4() {
        if (lz4 == null) {
            lz4 = LZ4Factory.fastestInstance().safeDecompressor();
        }
        return lz4;
    }

    @Override
    public void close() {
        if (zstd != null) {
            zstd.close();
        }
    }
}
