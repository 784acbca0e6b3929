package org.jckpt.system;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a {@link MappedByteBuffer} at once. The JDK (before its FFM API, final in 22) unmaps only
 * when the collector finds the buffer unreachable, and a mapping of a deleted tmpfs file keeps
 * its memory until then. {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, JDK 9 and
 * later) runs the buffer's own cleaner; Lucene and Netty use it the same way.
 */
public final class Unmapper {
    private static final MethodHandle INVOKE_CLEANER = find();

    private Unmapper() {
    }

    /** Whether buffers can be unmapped at once here; without it, callers do not keep mappings. */
    public static boolean available() {
        return INVOKE_CLEANER != null;
    }

    /** Unmaps {@code buffer}; any later access to it, or to a view of it, would crash the JVM. */
    public static void unmap(MappedByteBuffer buffer) {
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot unmap a buffer", e);
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
