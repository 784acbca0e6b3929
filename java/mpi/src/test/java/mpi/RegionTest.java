package mpi;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertThrows;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.testng.annotations.Test;

/** Turning message buffers into base + byte offset, and the checks that keep MPI inside them (no MPI needed). */
public class RegionTest {
    private static final Datatype INT = new Datatype(0, 4, "INT");
    private static final Datatype LONG = new Datatype(0, 8, "LONG");
    private static final Datatype BYTE = new Datatype(0, 1, "BYTE");

    @Test
    public void anArrayStartsAtItsFirstElement() {
        int[] array = new int[4];
        Region r = Region.of(array).require(4, INT);
        assertSame(r.base, array);
        assertEquals(r.offset, 0);
    }

    @Test
    public void aSliceIsItsArrayAtTheSliceOffsetInBytes() {
        long[] array = new long[10];
        Region r = Region.of(Buffers.slice(array, 3)).require(7, LONG);
        assertSame(r.base, array);
        assertEquals(r.offset, 24);
    }

    @Test
    public void aSliceOfASliceAddsTheOffsets() {
        int[] array = new int[10];
        IntBuffer inner = IntBuffer.wrap(array, 2, 8).slice().position(3).slice();
        assertEquals(Region.of(inner).offset, 20);
    }

    @Test
    public void aDirectBufferIsPassedItselfIgnoringItsPosition() {
        IntBuffer direct = ByteBuffer.allocateDirect(40).asIntBuffer();
        direct.position(5);
        Region r = Region.of(direct).require(10, INT);
        assertSame(r.base, direct);
        assertEquals(r.offset, Constants.DIRECT_BUFFER_OFFSET); // C takes its address, which ignores the position
        assertEquals(Region.of(new int[10]).offset, 0);
    }

    @Test
    public void nullIsNoBufferAndTakesNoElements() {
        assertNull(Region.of(null).require(0, INT).base);
        assertThrows(IndexOutOfBoundsException.class, () -> Region.of(null).require(1, INT));
    }

    @Test
    public void moreElementsThanTheArrayHoldsAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> Region.of(new int[3]).require(4, INT));
        assertThrows(IndexOutOfBoundsException.class, () -> Region.of(Buffers.slice(new int[10], 8)).require(3, INT));
        assertThrows(IndexOutOfBoundsException.class, () -> Region.of(LongBuffer.allocate(2)).require(3, LONG));
    }

    @Test
    public void countsInBytesOfAnotherTypeFitByBytes() {
        Region.of(new long[2]).require(16, BYTE);
        Region.of(new byte[8]).require(2, INT);
        assertThrows(IndexOutOfBoundsException.class, () -> Region.of(new byte[7]).require(2, INT));
    }

    @Test
    public void aNegativeCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Region.of(new int[3]).require(-1, INT));
    }

    @Test
    public void everyBlockOfCountsAndDisplacementsMustFit() {
        Region.of(new int[10]).require(new int[] {2, 3}, new int[] {0, 7}, INT);
        assertThrows(IndexOutOfBoundsException.class, () -> Region.of(new int[10]).require(new int[] {2, 3}, new int[] {0, 8}, INT));
        assertThrows(IllegalArgumentException.class, () -> Region.of(new int[10]).require(new int[] {2}, new int[] {0, 1}, INT));
        assertThrows(IllegalArgumentException.class, () -> Region.of(new int[10]).require(new int[] {2}, new int[] {-1}, INT));
    }

    @Test
    public void inPlaceNeedsNoRoom() {
        assertSame(Region.IN_PLACE.require(1000, INT), Region.IN_PLACE);
    }

    @Test
    public void whatIsNoPrimitiveArrayOrBufferIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Region.of(new Object[3]));
        assertThrows(IllegalArgumentException.class, () -> Region.of("text"));
        assertThrows(IllegalArgumentException.class, () -> Region.of(IntBuffer.allocate(3).asReadOnlyBuffer()));
    }

    @Test
    public void elementSizesAreJavas() {
        assertEquals(Region.elementSize(boolean[].class), 1);
        assertEquals(Region.elementSize(char[].class), 2);
        assertEquals(Region.elementSize(float[].class), 4);
        assertEquals(Region.elementSize(double[].class), 8);
    }
}
