package mpi;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import org.testng.annotations.Test;

/** What non-blocking calls hand MPI: direct buffers as they are, heap buffers as direct copies (no MPI needed). */
public class TransferTest {
    private static final Datatype INT = new Datatype(0, 4, "INT");
    private static final Datatype DOUBLE = new Datatype(0, 8, "DOUBLE");

    @Test
    public void aDirectBufferIsUsedAsItIs() {
        IntBuffer direct = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asIntBuffer();
        assertSame(Transfer.send(direct, 4, INT).buffer(), direct);
        assertSame(Transfer.receive(direct, 4, INT).buffer(), direct);
    }

    @Test
    public void aHeapSendIsCopiedIntoDirectMemoryFromTheSliceStart() {
        int[] array = {9, 9, 1, 2, 3, 9};
        IntBuffer sent = (IntBuffer) Transfer.send(Buffers.slice(array, 2), 3, INT).buffer();
        assertTrue(sent.isDirect());
        assertEquals(sent.capacity(), 3);
        assertEquals(new int[] {sent.get(0), sent.get(1), sent.get(2)}, new int[] {1, 2, 3});
    }

    @Test
    public void aHeapReceiveReachesTheArrayOnlyAtCompletion() {
        double[] array = new double[5];
        Transfer t = Transfer.receive(Buffers.slice(array, 1), 3, DOUBLE);
        DoubleBuffer mpiWrites = (DoubleBuffer) t.buffer();
        mpiWrites.put(0, 1.5).put(1, 2.5).put(2, 3.5);
        assertEquals(array, new double[5]);
        t.complete(24);
        assertEquals(array, new double[] {0, 1.5, 2.5, 3.5, 0});
    }

    @Test
    public void onlyWhatArrivedReachesTheArray() {
        int[] array = {-1, -1, -1};
        Transfer shorter = Transfer.receive(IntBuffer.wrap(array), 3, INT);
        ((IntBuffer) shorter.buffer()).put(0, 5);
        shorter.complete(4);
        assertEquals(array, new int[] {5, -1, -1});
        Transfer cancelled = Transfer.receive(IntBuffer.wrap(array), 3, INT);
        cancelled.complete(0);
        assertEquals(array, new int[] {5, -1, -1});
    }

    @Test
    public void aHeapTransferChecksItsCount() {
        assertThrows(IndexOutOfBoundsException.class, () -> Transfer.receive(IntBuffer.allocate(2), 3, INT));
    }
}
