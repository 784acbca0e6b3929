package org.jckpt.engine.app.taskfile.codec;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import org.testng.annotations.Test;

public class ChunkPackerTest {

    @Test
    public void shuffleGroupsEachBytePositionAndUndoes() {
        byte[] src = {1, 2, 3, 4, 5, 6, 7};
        byte[] dst = new byte[7];
        Shuffle.shuffle(src, 7, 3, dst);
        assertEquals(dst, new byte[] {1, 4, 2, 5, 3, 6, 7}, "a partial last element stays as is");
        byte[] back = new byte[7];
        Shuffle.unshuffle(dst, 7, 3, back);
        assertEquals(back, src);
    }

    @Test
    public void eightByteElementsAreShuffledAsByteByByte() {
        byte[] src = new byte[8 * 1003 + 5];
        new Random(2).nextBytes(src);
        byte[] expected = new byte[src.length];
        int n = src.length / 8;
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < 8; b++) {
                expected[b * n + i] = src[i * 8 + b];
            }
        }
        System.arraycopy(src, n * 8, expected, n * 8, 5);
        byte[] dst = new byte[src.length];
        Shuffle.shuffle(src, src.length, 8, dst);
        assertEquals(dst, expected);
        byte[] back = new byte[src.length];
        Shuffle.unshuffle(dst, src.length, 8, back);
        assertEquals(back, src);
    }

    @Test
    public void chunksRoundTripWithEveryCodecAndWidth() throws Exception {
        Random r = new Random(1);
        byte[] smooth = new byte[100_003];
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] = (byte) (i % 8 < 5 ? i / 4096 : 7);
        }
        byte[] noise = new byte[100_003];
        r.nextBytes(noise);
        try (ChunkUnpacker unpacker = new ChunkUnpacker(smooth.length)) {
            for (Compression c : new Compression[] {Compression.LZ4, Compression.zstd(1), Compression.zstd(12)}) {
                try (ChunkPacker packer = new ChunkPacker(c, smooth.length)) {
                    for (int width : new int[] {1, 2, 4, 8}) {
                        byte[] out = new byte[packer.outSize()];
                        int n = packer.pack(smooth, smooth.length, width, out);
                        assertTrue(n < smooth.length / 4, c + " width " + width + ": " + n);
                        byte[] back = new byte[smooth.length];
                        unpacker.unpack(c.codec(), out, n, width, back, back.length);
                        assertEquals(back, smooth, c + " width " + width);

                        assertEquals(packer.pack(noise, noise.length, width, out), noise.length, "noise is stored as is");
                        assertEquals(Arrays.copyOf(out, noise.length), noise);
                    }
                }
            }
        }
    }

    @Test
    public void aChunkThatDoesNotDecodeToItsLengthFails() throws Exception {
        byte[] zeros = new byte[65536];
        try (ChunkPacker packer = new ChunkPacker(Compression.zstd(1), zeros.length);
             ChunkUnpacker unpacker = new ChunkUnpacker(zeros.length)) {
            byte[] out = new byte[packer.outSize()];
            int n = packer.pack(zeros, zeros.length, 8, out);
            expectThrows(DataFormatException.class, () -> unpacker.unpack(Compression.Codec.ZSTD, out, n, 8, new byte[zeros.length], 1000));
            out[n / 2] ^= 0x55;
            expectThrows(DataFormatException.class, () -> unpacker.unpack(Compression.Codec.LZ4, out, n, 8, new byte[zeros.length],
                    zeros.length));
        }
    }
}
