package mpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/** MPI.new...Buffer and MPI.slice: plain Java, apart from MPI so that they need no native library. */
final class Buffers {
    private Buffers() {
    }

    static ByteBuffer newByteBuffer(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    static CharBuffer newCharBuffer(int capacity) {
        return newByteBuffer(capacity * 2).asCharBuffer();
    }

    static ShortBuffer newShortBuffer(int capacity) {
        return newByteBuffer(capacity * 2).asShortBuffer();
    }

    static IntBuffer newIntBuffer(int capacity) {
        return newByteBuffer(capacity * 4).asIntBuffer();
    }

    static LongBuffer newLongBuffer(int capacity) {
        return newByteBuffer(capacity * 8).asLongBuffer();
    }

    static FloatBuffer newFloatBuffer(int capacity) {
        return newByteBuffer(capacity * 4).asFloatBuffer();
    }

    static DoubleBuffer newDoubleBuffer(int capacity) {
        return newByteBuffer(capacity * 8).asDoubleBuffer();
    }

    /** The elements of {@code array} from {@code offset} on, as a buffer a call takes in place of an array with an offset. */
    static ByteBuffer slice(byte[] array, int offset) {
        return ByteBuffer.wrap(array, offset, array.length - offset).slice();
    }

    static CharBuffer slice(char[] array, int offset) {
        return CharBuffer.wrap(array, offset, array.length - offset).slice();
    }

    static ShortBuffer slice(short[] array, int offset) {
        return ShortBuffer.wrap(array, offset, array.length - offset).slice();
    }

    static IntBuffer slice(int[] array, int offset) {
        return IntBuffer.wrap(array, offset, array.length - offset).slice();
    }

    static LongBuffer slice(long[] array, int offset) {
        return LongBuffer.wrap(array, offset, array.length - offset).slice();
    }

    static FloatBuffer slice(float[] array, int offset) {
        return FloatBuffer.wrap(array, offset, array.length - offset).slice();
    }

    static DoubleBuffer slice(double[] array, int offset) {
        return DoubleBuffer.wrap(array, offset, array.length - offset).slice();
    }

    /** The elements of {@code buf} from {@code offset} on (as Open MPI's binding, this clears buf and moves its position). */
    static ByteBuffer slice(ByteBuffer buf, int offset) {
        return buf.clear().position(offset).slice().order(buf.order());
    }

    static IntBuffer slice(IntBuffer buf, int offset) {
        return buf.clear().position(offset).slice();
    }

    static LongBuffer slice(LongBuffer buf, int offset) {
        return buf.clear().position(offset).slice();
    }

    static DoubleBuffer slice(DoubleBuffer buf, int offset) {
        return buf.clear().position(offset).slice();
    }
}
