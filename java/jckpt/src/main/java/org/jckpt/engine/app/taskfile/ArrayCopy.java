package org.jckpt.engine.app.taskfile;

import java.nio.ByteBuffer;

/** Bulk copies between primitive arrays and byte buffers, through the buffers' typed views. */
public final class ArrayCopy {
    private ArrayCopy() {
    }

    /** Appends {@code n} elements of {@code array} from {@code off} to {@code buf}, advancing it. */
    static void toBuffer(Object array, int off, int n, ByteBuffer buf) {
        int elem;
        if (array instanceof double[] d) {
            buf.asDoubleBuffer().put(d, off, n);
            elem = 8;
        } else if (array instanceof long[] l) {
            buf.asLongBuffer().put(l, off, n);
            elem = 8;
        } else if (array instanceof float[] f) {
            buf.asFloatBuffer().put(f, off, n);
            elem = 4;
        } else if (array instanceof int[] i) {
            buf.asIntBuffer().put(i, off, n);
            elem = 4;
        } else if (array instanceof short[] s) {
            buf.asShortBuffer().put(s, off, n);
            elem = 2;
        } else if (array instanceof char[] c) {
            buf.asCharBuffer().put(c, off, n);
            elem = 2;
        } else {
            buf.put((byte[]) array, off, n);
            return;
        }
        buf.position(buf.position() + n * elem);
    }

    /** Fills {@code n} elements of {@code array} from {@code off} out of {@code buf}, advancing it. */
    public static void fromBuffer(ByteBuffer buf, Object array, int off, int n) {
        int elem;
        if (array instanceof double[] d) {
            buf.asDoubleBuffer().get(d, off, n);
            elem = 8;
        } else if (array instanceof long[] l) {
            buf.asLongBuffer().get(l, off, n);
            elem = 8;
        } else if (array instanceof float[] f) {
            buf.asFloatBuffer().get(f, off, n);
            elem = 4;
        } else if (array instanceof int[] i) {
            buf.asIntBuffer().get(i, off, n);
            elem = 4;
        } else if (array instanceof short[] s) {
            buf.asShortBuffer().get(s, off, n);
            elem = 2;
        } else if (array instanceof char[] c) {
            buf.asCharBuffer().get(c, off, n);
            elem = 2;
        } else {
            buf.get((byte[]) array, off, n);
            return;
        }
        buf.position(buf.position() + n * elem);
    }
}
