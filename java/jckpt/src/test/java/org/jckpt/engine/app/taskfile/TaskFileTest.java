package org.jckpt.engine.app.taskfile;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jckpt.api.Checkpointable;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.FileModes;
import org.jckpt.store.ModeAssertions;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;
import org.testng.annotations.Test;

public class TaskFileTest {

    public static final class Counter implements Checkpointable {
        long value;
        String label = "";

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeLong(value);
            out.writeUTF(label);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            value = in.readLong();
            label = in.readUTF();
        }
    }

    @Test
    public void everyKindOfStateRoundTripsAcrossChunkBoundaries() throws Exception {
        Random r = new Random(7);
        // Larger than the writer's chunk, so arrays straddle flushes.
        double[] doubles = r.doubles(1_500_001).toArray();
        int[] ints = r.ints(3).toArray();
        long[] longs = {Long.MIN_VALUE, -1, Long.MAX_VALUE};
        float[] floats = {1.5f, Float.NaN};
        short[] shorts = {-2, 3};
        char[] chars = "héllo".toCharArray();
        byte[] bytes = {1, 2, 3};
        ByteBuffer direct = ByteBuffer.allocateDirect(10_000_019);
        for (int i = 0; i < direct.capacity(); i++) {
            direct.put(i, (byte) (i * 31));
        }
        Counter counter = new Counter();
        counter.value = 42;
        counter.label = "x";
        Path dir = Files.createTempDirectory("taskfile");
        Path file = dir.resolve("t.0.0");
        FileChannel log = FileChannel.open(dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        log.position(1234);

        TaskState saved = state(doubles, ints, longs, floats, shorts, chars, bytes, direct, counter, log);
        Checksummed written = new TaskFileWriter(FileModes.OWNER_ONLY, true).write(saved, file, Progress.NONE).sum();
        assertEquals(written.size(), Files.size(file));
        assertEquals(written, Checksums.crcAndSize(file, Progress.NONE));
        assertTrue(!Files.exists(dir.resolve("t.0.0.part")));

        double[] d2 = new double[doubles.length];
        int[] i2 = new int[3];
        long[] l2 = new long[3];
        float[] f2 = new float[2];
        short[] s2 = new short[2];
        char[] c2 = new char[5];
        byte[] b2 = new byte[3];
        ByteBuffer direct2 = ByteBuffer.allocateDirect(direct.capacity());
        Counter counter2 = new Counter();
        FileChannel log2 = FileChannel.open(dir.resolve("log"), StandardOpenOption.WRITE);
        new TaskFileReader().load(file, state(d2, i2, l2, f2, s2, c2, b2, direct2, counter2, log2), Progress.NONE);

        assertTrue(Arrays.equals(d2, doubles));
        assertTrue(Arrays.equals(i2, ints));
        assertTrue(Arrays.equals(l2, longs));
        assertTrue(Arrays.equals(f2, floats));
        assertTrue(Arrays.equals(s2, shorts));
        assertTrue(Arrays.equals(c2, chars));
        assertTrue(Arrays.equals(b2, bytes));
        assertEquals(direct2.clear(), direct.clear());
        assertEquals(counter2.value, 42L);
        assertEquals(counter2.label, "x");
        assertEquals(log2.position(), 1234L);
    }

    private static TaskState state(Object d, Object i, Object l, Object f, Object s, Object c, Object b,
                                   ByteBuffer direct, Counter counter, FileChannel log) {
        TaskState st = new TaskState();
        st.register("d", new StateItem.PrimitiveArray(d));
        st.register("i", new StateItem.PrimitiveArray(i));
        st.register("l", new StateItem.PrimitiveArray(l));
        st.register("f", new StateItem.PrimitiveArray(f));
        st.register("s", new StateItem.PrimitiveArray(s));
        st.register("c", new StateItem.PrimitiveArray(c));
        st.register("b", new StateItem.PrimitiveArray(b));
        st.register("direct", TaskState.of(direct));
        st.register("counter", TaskState.of(counter));
        st.registerFile("log", log);
        return st;
    }

    @Test
    public void aProgramThatRegistersOtherStateIsToldWhatDiffers() throws Exception {
        Path file = Files.createTempDirectory("taskfile").resolve("t.0.0");
        TaskState saved = new TaskState();
        saved.register("grid", new StateItem.PrimitiveArray(new double[10]));
        new TaskFileWriter(FileModes.OWNER_ONLY, true).write(saved, file, Progress.NONE);

        TaskState bigger = new TaskState();
        bigger.register("grid", new StateItem.PrimitiveArray(new double[11]));
        assertTrue(expectThrows(SetFileException.class, () -> new TaskFileReader().load(file, bigger, Progress.NONE))
                .getMessage().contains("state 'grid' holds 80 bytes, the program registered 88"));

        TaskState other = new TaskState();
        other.register("grid", new StateItem.PrimitiveArray(new double[10]));
        other.register("iter", new StateItem.PrimitiveArray(new long[1]));
        assertTrue(expectThrows(SetFileException.class, () -> new TaskFileReader().load(file, other, Progress.NONE))
                .getMessage().contains("holds no state named [iter]"));

        TaskState ints = new TaskState();
        ints.register("grid", new StateItem.PrimitiveArray(new long[10]));
        assertTrue(expectThrows(SetFileException.class, () -> new TaskFileReader().load(file, ints, Progress.NONE))
                .getMessage().contains("state 'grid' is of kind D, registered as J"));
    }

    @Test
    public void aTruncatedTaskFileIsReported() throws Exception {
        Path file = Files.createTempDirectory("taskfile").resolve("t.0.0");
        TaskState saved = new TaskState();
        saved.register("grid", new StateItem.PrimitiveArray(new double[1000]));
        new TaskFileWriter(FileModes.OWNER_ONLY, true).write(saved, file, Progress.NONE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(500);
        }
        TaskState loaded = new TaskState();
        loaded.register("grid", new StateItem.PrimitiveArray(new double[1000]));
        assertTrue(expectThrows(SetFileException.class, () -> new TaskFileReader().load(file, loaded, Progress.NONE))
                .getMessage().endsWith("t.0.0: ends early (truncated)"));
    }

    @Test
    public void aTaskFileHasTheJobsModeThoughAnOpenLeftoverPartWasInTheWay() throws Exception {
        Path dir = Files.createTempDirectory("taskfile");
        TaskState saved = new TaskState();
        saved.register("grid", new StateItem.PrimitiveArray(new double[10]));
        for (FileModes modes : List.of(FileModes.OWNER_ONLY, new FileModes(true))) {
            Path file = dir.resolve("t.0." + (modes.groupRead() ? 1 : 0));
            Path part = Files.writeString(file.resolveSibling(file.getFileName() + ".part"), "a crashed write's");
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-rw-rw-"));
            new TaskFileWriter(modes, true).write(saved, file, Progress.NONE);
            assertEquals(ModeAssertions.mode(file), PosixFilePermissions.toString(modes.file()));
        }
    }
}
