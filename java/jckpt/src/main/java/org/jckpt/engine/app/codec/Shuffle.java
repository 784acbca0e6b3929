package org.jckpt.engine.app.codec;

/**
 * The byte-shuffle of numeric arrays: the bytes of each element are transposed, so that all first
 * bytes come first, then all second bytes, and so on. The high bytes (sign, exponent, leading
 * mantissa) of a smooth field's values vary little from one element to the next; grouped, they
 * form long runs a codec compresses, which interleaved they do not.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /** Writes the shuffle of {@code src[0, length)}, elements of {@code width} bytes, to {@code dst}; a partial last element stays as is. */
    public static void shuffle(byte[] src, int length, int width, byte[] dst) {
        int n = length / width;
        for (int i = 0; i < n; i++) {
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
        for (int i = 0; i < n; i++) {
            int d = i * width;
            for (int b = 0; b < width; b++) {
                dst[d + b] = src[b * n + i];
            }
        }
        copyTail(src, length, width, dst);
    }

    private static void copyTail(byte[] src, int length, int width, byte[] dst) {
        int whole = length / width * width;
        System.arraycopy(src, whole, dst, whole, length - whole);
    }
}
