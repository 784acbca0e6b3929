package org.jckpt.engine;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import org.jckpt.api.Checkpointable;
import org.jckpt.api.GlobalRange;
import org.jckpt.api.Redistributable;
import org.jckpt.store.Layout;

/** One named piece of registered state. */
public sealed interface StateItem {

    /** A one-letter code stored in task files, so that a restart can check it reads the same kind. */
    char kind();

    /** How the item lies across tasks; {@link Layout#LOCAL} unless registered otherwise. */
    default Layout layout() {
        return Layout.LOCAL;
    }

    /** A primitive array, stored little-endian. */
    record PrimitiveArray(Object array) implements StateItem {
        public PrimitiveArray {
            if (!array.getClass().isArray() || !array.getClass().getComponentType().isPrimitive()
                    || array instanceof boolean[]) {
                throw new IllegalArgumentException("not a numeric primitive array: " + array.getClass().getSimpleName());
            }
        }

        public int length() {
            return Array.getLength(array);
        }

        public int elementSize() {
            return switch (kind()) {
                case 'D', 'J' -> 8;
                case 'F', 'I' -> 4;
                case 'S', 'C' -> 2;
                default -> 1;
            };
        }

        public long byteLength() {
            return (long) length() * elementSize();
        }

        @Override
        public char kind() {
            // JVM descriptor letter of the component type: D, F, J, I, S, C, B.
            return array.getClass().getName().charAt(1);
        }
    }

    /** A direct buffer's whole capacity. */
    record Buffer(ByteBuffer buffer) implements StateItem {
        @Override
        public char kind() {
            return 'X';
        }
    }

    /** An object that writes and reads itself. */
    record Custom(Checkpointable object) implements StateItem {
        @Override
        public char kind() {
            return 'O';
        }
    }

    /** Elements {@code [arrayOffset, arrayOffset + range.elementCount())} of an array: a piece of a global range. */
    record Distributed(PrimitiveArray array, int arrayOffset, GlobalRange range) implements StateItem {
        public Distributed {
            if (arrayOffset < 0 || arrayOffset + range.elementCount() > array.length()) {
                throw new IllegalArgumentException("the piece of " + range.elementCount() + " elements from " + arrayOffset
                        + " does not fit an array of " + array.length());
            }
        }

        public long byteLength() {
            return range.elementCount() * array.elementSize();
        }

        @Override
        public char kind() {
            return array.kind();
        }

        @Override
        public Layout layout() {
            return Layout.DISTRIBUTED;
        }
    }

    /** An array that is the same on every task. */
    record Replicated(PrimitiveArray array) implements StateItem {
        @Override
        public char kind() {
            return array.kind();
        }

        @Override
        public Layout layout() {
            return Layout.REPLICATED;
        }
    }

    /** An object whose parts a restart with another task count deals out. */
    record Parts(Redistributable object) implements StateItem {
        @Override
        public char kind() {
            return 'O';
        }

        @Override
        public Layout layout() {
            return Layout.PARTS;
        }
    }
}
