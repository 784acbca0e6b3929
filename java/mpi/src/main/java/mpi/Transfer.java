package mpi;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * The memory a non-blocking call hands MPI until its request completes. A direct buffer is used as it is
 * (the request keeps it reachable, so its memory is not freed meanwhile). A heap buffer cannot be: the GC
 * may move its array while MPI still reads or writes it, and pinning it in a JNI critical region for the
 * request's whole life would stop the GC. So its data is copied into direct memory here (a send) and back
 * into the array when the request completes (a receive).
 */
final class Transfer {
    private final Buffer direct;
    /** The heap buffer to copy a received message back into; null when there is none. */
    private final Buffer heapReceiver;

    private Transfer(Buffer direct, Buffer heapReceiver) {
        this.direct = direct;
        this.heapReceiver = heapReceiver;
    }

    static Transfer send(Buffer buf, int count, Datatype type) {
        Region.of(buf).require(count, type);
        if (buf.isDirect()) {
            return new Transfer(buf, null);
        }
        Buffer window = window(buf, count, type);
        Buffer copy = directLike(buf, window.remaining());
        copy(window, copy);
        return new Transfer(copy, null);
    }

    static Transfer receive(Buffer buf, int count, Datatype type) {
        Region.of(buf).require(count, type);
        if (buf.isDirect()) {
            return new Transfer(buf, null);
        }
        Buffer window = window(buf, count, type);
        return new Transfer(directLike(buf, window.remaining()), window);
    }

    /** The buffer to give MPI. */
    Buffer buffer() {
        return direct;
    }

    /** Called once the request is complete: the {@code bytes} that arrived reach the heap array, the rest of it stays. */
    void complete(int bytes) {
        if (heapReceiver != null) {
            int elements = (bytes + Region.elementSize(direct) - 1) / Region.elementSize(direct);
            copy(direct.duplicate().clear().limit(Math.min(elements, heapReceiver.remaining())), heapReceiver.duplicate());
        }
    }

    /** The elements {@code count} elements of {@code type} cover, from the start of buf (its position is not used). */
    private static Buffer window(Buffer buf, int count, Datatype type) {
        long bytes = (long) count * type.baseSize;
        int elements = (int) ((bytes + Region.elementSize(buf) - 1) / Region.elementSize(buf));
        return buf.duplicate().clear().limit(elements);
    }

    /** Direct memory in the native byte order for {@code elements} elements of buf's type. */
    private static Buffer directLike(Buffer buf, int elements) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(elements * Region.elementSize(buf)).order(ByteOrder.nativeOrder());
        if (buf instanceof ByteBuffer) {
            return bytes;
        } else if (buf instanceof CharBuffer) {
            return bytes.asCharBuffer();
        } else if (buf instanceof ShortBuffer) {
            return bytes.asShortBuffer();
        } else if (buf instanceof IntBuffer) {
            return bytes.asIntBuffer();
        } else if (buf instanceof LongBuffer) {
            return bytes.asLongBuffer();
        } else if (buf instanceof FloatBuffer) {
            return bytes.asFloatBuffer();
        }
        return bytes.asDoubleBuffer();
    }

    /** Copies from's remaining elements to the start of to, both of the same type. */
    private static void copy(Buffer from, Buffer to) {
        Buffer target = to.duplicate().clear();
        if (from instanceof ByteBuffer f) {
            ((ByteBuffer) target).put(f);
        } else if (from instanceof CharBuffer f) {
            ((CharBuffer) target).put(f);
        } else if (from instanceof ShortBuffer f) {
            ((ShortBuffer) target).put(f);
        } else if (from instanceof IntBuffer f) {
            ((IntBuffer) target).put(f);
        } else if (from instanceof LongBuffer f) {
            ((LongBuffer) target).put(f);
        } else if (from instanceof FloatBuffer f) {
            ((FloatBuffer) target).put(f);
        } else {
            ((DoubleBuffer) target).put((DoubleBuffer) from);
        }
    }
}
