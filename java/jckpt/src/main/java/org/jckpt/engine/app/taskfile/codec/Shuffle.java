package org.jckpt.engine.app.taskfile.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte-shuffle of numeric arrays: the bytes of each element are transposed, so that all first
 * bytes come first, then all second bytes, and so on. The high bytes (sign, exponent, leading
 * mantissa) of a smooth field's values vary little from one element to the next; grouped, they
 * form long runs a codec compresses, which interleaved they do not. Elements of 8 bytes (the
 * common case: doubles) are transposed 8 at a time as an 8 x 8 byte matrix held in longs, several
 * times faster than byte by byte, so that the shuffle keeps up with zstd's fastest level.
 */
public final class Shuffle {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Shuffle() {
    }

    /** Writes the shuffle of {@code src[0, length)}, elements of {@code width} bytes, to {@code dst}; a partial last element stays as is. */
    public static void shuffle(byte[] src, int length, int width, byte[] dst) {
        int n = length / width;
        int done = width == Long.BYTES ? shuffle8(src, n, dst) : 0;
        for (int i = done; i < n; i++) {
            int s = i * width;
            for (int b = 0; b < width; b++) {
                dst[b * n + i] = src[s + b];
            }
        }
        copyTail(src, length, width, dst);
    }

    /** Undoes {@link #shuffle}: writes the elements whose shuffle is {@code src[0, length)} to {@code dst}. */
    public static void unshuffle(byte[] src, int length, int width, byte[] dst) {
        int n = length / width;
        int done = width == Long.BYTES ? unshuffle8(src, n, dst) : 0;
        for (int i = done; i < n; i++) {
            int d = i * width;
            for (int b = 0; b < width; b++) {
                dst[d + b] = src[b * n + i];
            }
        }
        copyTail(src, length, width, dst);
    }

    /** Shuffles the first multiple of 8 of {@code n} 8-byte elements; returns how many. */
    private static int shuffle8(byte[] src, int n, byte[] dst) {
        long[] m = new long[8];
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            for (int j = 0; j < 8; j++) {
                m[j] = (long) LONGS.get(src, (i + j) * 8);
            }
            transpose(m);
            for (int b = 0; b < 8; b++) {
                LONGS.set(dst, b * n + i, m[b]);
            }
        }
        return i;
    }

    private static int unshuffle8(byte[] src, int n, byte[] dst) {
        long[] m = new long[8];
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            for (int b = 0; b < 8; b++) {
                m[b] = (long) LONGS.get(src, b * n + i);
            }
            transpose(m);
            for (int j = 0; j < 8; j++) {
                LONGS.set(dst, (i + j) * 8, m[j]);
            }
        }
        return i;
    }

    /**
     * Transposes the 8 x 8 byte matrix whose row {@code j} is {@code m[j]} (byte {@code b} in bits
     * {@code 8b} on): swaps 4-byte, then 2-byte, then 1-byte blocks across the diagonal. Its own inverse.
     */
    private static void transpose(long[] m) {
        swap(m, 4, 32, 0x00000000FFFFFFFFL);
        swap(m, 2, 16, 0x0000FFFF0000FFFFL);
        swap(m, 1, 8, 0x00FF00FF00FF00FFL);
    }

    /** For each row {@code j} with bit {@code rows} clear, swaps the high blocks of row {@code j} with the low blocks of row {@code j + rows}. */
    private static void swap(long[] m, int rows, int bits, long mask) {
        for (int j = 0; j < 8; j++) {
            if ((j & rows) == 0) {
                long t = ((m[j] >>> bits) ^ m[j + rows]) & mask;
                m[j + rows] ^= t;
                m[j] ^= t << bits;
            }
        }
    }

    private static void copyTail(byte[] src, int length, int width, byte[] dst) {
        int whole = length / width * width;
        System.arraycopy(src, whole, dst, whole, length - whole);
    }
}
