package org.jckpt.engine;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import org.jckpt.api.Checkpointable;

/** One named piece of registered state. */
public sealed interface StateItem {

    /** A one-letter code stored in task files, so that a restart can check it reads the same kind. */
    char kind();

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
}
