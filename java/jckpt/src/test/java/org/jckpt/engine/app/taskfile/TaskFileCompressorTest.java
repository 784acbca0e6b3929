package org.jckpt.engine.app.taskfile;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jckpt.api.GlobalRange;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.engine.app.load.SetLoader;
import org.jckpt.engine.app.load.SetLoaderTest;
import org.jckpt.engine.app.taskfile.codec.Compression;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksums;
import org.jckpt.store.DamagedSetException;
import org.jckpt.store.FileModes;
import org.jckpt.store.Layout;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetVerifier;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Raw task files compressed on their way out: stored smaller, checked, and read back as written. */
public class TaskFileCompressorTest {
    /** Four chunks per old task, so that pieces start and end inside chunks. */
    private static final int GLOBAL = 1_600_003;

    @DataProvider
    public static Object[][] codecs() {
        return new Object[][] {{Compression.NONE}, {Compression.LZ4}, {Compression.zstd(1)}, {Compression.zstd(6)}};
    }

    @Test(dataProvider = "codecs")
    public void everyKindOfStateRoundTrips(Compression compression) throws Exception {
        Path dir = Files.createTempDirectory("compress");
        FileChannel log = FileChannel.open(dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        log.position(1234);
        Kinds saved = Kinds.filled(new Random(3));
        Path setFile = commit(dir, compression, List.of(saved.state(log)), Kinds.LAYOUT);

        CheckpointSet set = SetVerifier.verify(setFile, Progress.NONE);
        Kinds loaded = new Kinds();
        FileChannel log2 = FileChannel.open(dir.resolve("log"), StandardOpenOption.WRITE);
        load(setFile, 0, 1, loaded.state(log2));
        saved.assertSameAs(loaded);
        assertEquals(log2.position(), 1234L);

        List<CheckpointSet.StoredItem> items = set.files().get(0).items();
        if (compression.compresses()) {
            CheckpointSet.StoredItem smooth = items.stream().filter(i -> i.name().equals("smooth")).findFirst().orElseThrow();
            assertEquals(smooth.codec(), compression + "+shuffle");
            assertTrue(smooth.ratio() > 1.5, "a smooth field compresses: " + smooth);
            assertEquals(items.stream().filter(i -> i.name().equals("iter")).findFirst().orElseThrow().codec(), "none",
                    "8 bytes do not shrink");
        } else {
            assertEquals(items, List.of());
        }
    }

    @Test
    public void withoutCompressionTheStoredFileIsAPlainCopy() throws Exception {
        Path dir = Files.createTempDirectory("compress");
        Path raw = dir.resolve("raw");
        TaskFileWriter.Result written = new TaskFileWriter(FileModes.OWNER_ONLY, true)
                .write(Kinds.filled(new Random(4)).state(null), raw, Progress.NONE);
        Path copy = dir.resolve("copy");
        TaskFileCompressor.Stored stored = compress(raw, written.index(), copy, Compression.NONE);
        assertEquals(Files.readAllBytes(copy), Files.readAllBytes(raw));
        assertEquals(stored.index(), written.index());
        assertEquals(stored.sum(), written.sum());
    }

    @Test
    public void incompressibleItemsAreStoredAsIs() throws Exception {
        Path dir = Files.createTempDirectory("compress");
        Random r = new Random(5);
        double[] noise = new double[400_000];
        Arrays.setAll(noise, i -> Double.longBitsToDouble(r.nextLong()));
        byte[] bytes = new byte[3_000_000];
        r.nextBytes(bytes);
        TaskState random = new TaskState();
        random.register("noise", new StateItem.PrimitiveArray(noise));
        random.register("bytes", new StateItem.PrimitiveArray(bytes));
        Path raw = dir.resolve("raw");
        TaskFileWriter.Result written = new TaskFileWriter(FileModes.OWNER_ONLY, true).write(random, raw, Progress.NONE);
        TaskFileCompressor.Stored stored = compress(raw, written.index(), dir.resolve("zstd"), Compression.zstd(3));
        assertEquals(Files.readAllBytes(dir.resolve("zstd")), Files.readAllBytes(raw), "nothing pays: a plain copy");
        assertEquals(stored.items(), List.of());

        double[] smooth = new double[400_000];
        Arrays.setAll(smooth, i -> Math.sin(i * 1e-4));
        random.register("smooth", new StateItem.PrimitiveArray(smooth));
        Path setFile = commit(dir, Compression.LZ4, List.of(random), Map.of("noise", "local", "bytes", "local", "smooth", "local"));
        List<CheckpointSet.StoredItem> items = SetFiles.read(setFile).files().get(0).items();
        assertEquals(items.get(0), new CheckpointSet.StoredItem("noise", "none", 3_200_000, 3_200_000));
        assertEquals(items.get(1), new CheckpointSet.StoredItem("bytes", "none", 3_000_000, 3_000_000));
        assertEquals(items.get(2).codec(), "lz4+shuffle");
        double[] noise2 = new double[noise.length];
        byte[] bytes2 = new byte[bytes.length];
        double[] smooth2 = new double[smooth.length];
        TaskState loaded = new TaskState();
        loaded.register("noise", new StateItem.PrimitiveArray(noise2));
        loaded.register("bytes", new StateItem.PrimitiveArray(bytes2));
        loaded.register("smooth", new StateItem.PrimitiveArray(smooth2));
        load(setFile, 0, 1, loaded);
        assertEquals(noise2, noise);
        assertEquals(bytes2, bytes);
        assertEquals(smooth2, smooth);
    }

    @Test(dataProvider = "codecs")
    public void distributedPiecesLoadIntoOtherTaskCounts(Compression compression) throws Exception {
        Path setFile = distributedSet(compression);
        for (int tasks : new int[] {3, 5, 7}) {
            for (int rank = 0; rank < tasks; rank++) {
                GlobalRange range = piece(rank, tasks);
                double[] grid = new double[(int) range.length() + 2];
                load(setFile, rank, tasks, distributed(grid, 1, range));
                for (int i = 0; i < range.length(); i++) {
                    assertEquals(grid[1 + i], value(range.offset() + i), "task " + rank + " of " + tasks + ", element " + i);
                }
                assertEquals(grid[0], 0.0, "outside the piece nothing is written");
                assertEquals(grid[grid.length - 1], 0.0, "outside the piece nothing is written");
            }
        }
    }

    @Test
    public void anyRangeOfAPackedItemReadsAsItsRawBytes() throws Exception {
        Path setFile = distributedSet(Compression.zstd(1));
        CheckpointSet set = SetFiles.read(setFile);
        ByteBuffer whole = ByteBuffer.allocate(Math.toIntExact(piece(1, 4).length() * 8));
        Random r = new Random(9);
        try (OldTaskFile file = OldTaskFile.open(setFile.getParent(), set.files().get(1));
             ReadBuffers buffers = new ReadBuffers(TaskFileIndex.BLOCK)) {
            TaskFileIndex.Item grid = file.item("grid");
            assertTrue(grid.packing() != null && grid.packing().chunks() == 4, "the piece is packed in chunks");
            file.read(grid, 0, grid.bytes(), buffers, whole::put, Progress.NONE);
            for (int k = 0; k < 50; k++) {
                long from = r.nextInt((int) grid.bytes());
                long bytes = k == 0 ? 0 : r.nextInt((int) (grid.bytes() - from) + 1);
                ByteBuffer part = ByteBuffer.allocate((int) bytes);
                file.read(grid, from, bytes, buffers, part::put, Progress.NONE);
                assertEquals(part.flip(), whole.slice((int) from, (int) bytes), "bytes " + from + " + " + bytes);
            }
        }
        for (int i = 0; i < piece(1, 4).length(); i++) {
            assertEquals(whole.order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble(i * 8), value(piece(1, 4).offset() + i));
        }
    }

    @Test
    public void aFlippedByteInACompressedChunkIsFoundByName() throws Exception {
        Path setFile = distributedSet(Compression.zstd(1));
        CheckpointSet set = SetFiles.read(setFile);
        Path file = setFile.resolveSibling(set.files().get(3).file());
        long at;
        try (OldTaskFile old = OldTaskFile.open(setFile.getParent(), set.files().get(3))) {
            TaskFileIndex.Item grid = old.item("grid");
            at = grid.offset() + grid.packing().starts()[1] + 100;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        expectThrows(DamagedSetException.class, () -> SetVerifier.verify(setFile, Progress.NONE));
        // Task 0 of 2 reads old tasks 0 and 1: unharmed. Task 1 reads old task 3's second chunk.
        load(setFile, 0, 2, distributed(new double[GLOBAL], 0, piece(0, 2)));
        DamagedSetException e = expectThrows(DamagedSetException.class,
                () -> load(setFile, 1, 2, distributed(new double[GLOBAL], 0, piece(1, 2))));
        assertTrue(e.getMessage().startsWith(file + ": block " + at / TaskFileIndex.BLOCK + " (bytes "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(corrupt)"), e.getMessage());
    }

    @Test
    public void aRawFileThatDoesNotMatchItsIndexIsNotStored() throws Exception {
        Path dir = Files.createTempDirectory("compress");
        Path raw = dir.resolve("raw");
        TaskFileWriter.Result written = new TaskFileWriter(FileModes.OWNER_ONLY, true)
                .write(distributed(values(0, 300_000), 0, GlobalRange.elements(0, 300_000, 300_000)), raw, Progress.NONE);
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.seek(2_000_000);
            f.write(f.read() ^ 1);
        }
        for (Compression c : List.of(Compression.NONE, Compression.zstd(1))) {
            expectThrows(DamagedSetException.class, () -> compress(raw, written.index(), dir.resolve("out"), c));
        }
    }

    private static TaskFileCompressor.Stored compress(Path raw, CheckpointSet.IndexEntry index, Path target, Compression c)
            throws Exception {
        try (TaskFileCompressor compressor = new TaskFileCompressor();
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            long[] progress = {0};
            TaskFileCompressor.Stored stored = compressor.compress(raw, index, out, c, bytes -> progress[0] += bytes);
            assertEquals(stored.sum(), Checksums.crcAndSize(target, Progress.NONE), "the sum covers the bytes on disk");
            long itemBytes = stored.items().stream().mapToLong(CheckpointSet.StoredItem::bytes).sum();
            assertEquals(progress[0], stored.items().isEmpty() ? index.offset() : itemBytes, "progress sees the raw bytes");
            return stored;
        }
    }

    /** A set of one task file per state, each written raw, then stored with {@code compression}. */
    private static Path commit(Path dir, Compression compression, List<TaskState> states, Map<String, String> layout)
            throws Exception {
        Files.createDirectories(dir.resolve("local"));
        List<CheckpointSet.FileEntry> files = new ArrayList<>();
        for (int rank = 0; rank < states.size(); rank++) {
            Path raw = dir.resolve("local/t." + rank + ".0");
            TaskFileWriter.Result written = new TaskFileWriter(FileModes.OWNER_ONLY, rank == 0)
                    .write(states.get(rank), raw, Progress.NONE);
            Path stored = dir.resolve("t." + rank + ".0");
            TaskFileCompressor.Stored s = compress(raw, written.index(), stored, compression);
            files.add(new CheckpointSet.FileEntry(Integer.toString(rank), stored.getFileName().toString(), s.sum().size(),
                    s.sum().crcHex(), s.index(), s.items()));
        }
        CheckpointSet set = new CheckpointSet(SetFiles.FORMAT, "app", new CheckpointSet.Program("T", List.of(), null, Map.of()),
                states.size(), List.of(), 0, "now", files, Map.of(), layout);
        Path setFile = dir.resolve("t.0");
        SetFiles.commit(setFile, set, FileModes.OWNER_ONLY);
        return setFile;
    }

    private static void load(Path setFile, int rank, int tasks, TaskState state) throws Exception {
        try (SetLoader loader = new SetLoader(SetFiles.read(setFile), setFile, rank, tasks, Progress.NONE)) {
            loader.load(state).deliver();
        }
    }

    /** A set of 4 tasks' pieces of a smooth distributed array. */
    private static Path distributedSet(Compression compression) throws Exception {
        List<TaskState> states = new ArrayList<>();
        for (int rank = 0; rank < 4; rank++) {
            GlobalRange range = piece(rank, 4);
            states.add(distributed(values(range.offset(), range.length()), 0, range));
        }
        return commit(Files.createTempDirectory("compress"), compression, states, Map.of("grid", "distributed"));
    }

    private static double[] values(long first, long count) {
        double[] v = new double[(int) count];
        Arrays.setAll(v, i -> value(first + i));
        return v;
    }

    private static GlobalRange piece(int rank, int tasks) {
        long from = (long) GLOBAL * rank / tasks;
        return GlobalRange.elements(from, (long) GLOBAL * (rank + 1) / tasks - from, GLOBAL);
    }

    /** Smooth, as a simulated field: shuffled, its high bytes repeat. */
    private static double value(long element) {
        return Math.sin(element * 2e-6) + 2;
    }

    private static TaskState distributed(double[] grid, int at, GlobalRange range) {
        TaskState s = new TaskState();
        s.register("grid", new StateItem.Distributed(new StateItem.PrimitiveArray(grid), at, range));
        return s;
    }

    /** Every kind of item a task registers. */
    static final class Kinds {
        static final Map<String, String> LAYOUT = layout();
        final double[] smooth = new double[600_000];
        final double[] noise = new double[1000];
        final float[] floats = new float[300_000];
        final long[] longs = new long[200_000];
        final int[] ints = new int[5];
        final short[] shorts = new short[3];
        final char[] chars = new char[4];
        final byte[] bytes = new byte[2_500_000];
        final double[] piece = new double[200_002];
        final long[] iter = new long[1];
        final ByteBuffer direct = ByteBuffer.allocateDirect(3_000_007);
        final TaskFileTest.Counter counter = new TaskFileTest.Counter();
        final SetLoaderTest.Owners owners = new SetLoaderTest.Owners();

        static Kinds filled(Random r) {
            Kinds k = new Kinds();
            Arrays.setAll(k.smooth, i -> Math.cos(i * 1e-5));
            Arrays.setAll(k.noise, i -> r.nextDouble());
            for (int i = 0; i < k.floats.length; i++) {
                k.floats[i] = (float) Math.sin(i * 1e-4);
            }
            Arrays.setAll(k.longs, i -> i * 3L);
            Arrays.setAll(k.ints, i -> r.nextInt());
            k.shorts[1] = -7;
            "héll".getChars(0, 4, k.chars, 0);
            for (int i = 0; i < k.bytes.length; i++) {
                k.bytes[i] = (byte) (i / 1000);
            }
            Arrays.setAll(k.piece, i -> i == 0 || i == k.piece.length - 1 ? 0 : 1.0 / i);
            k.iter[0] = 77;
            for (int i = 0; i < k.direct.capacity(); i++) {
                k.direct.put(i, (byte) (i % 251 < 100 ? 0 : i * 31));
            }
            k.counter.value = 42;
            k.counter.label = "x";
            k.owners.owners.addAll(List.of(3, 1));
            return k;
        }

        /** This state registered; the file offset too when {@code log} is given. */
        TaskState state(FileChannel log) {
            TaskState s = new TaskState();
            s.register("smooth", new StateItem.PrimitiveArray(smooth));
            s.register("noise", new StateItem.PrimitiveArray(noise));
            s.register("floats", new StateItem.PrimitiveArray(floats));
            s.register("longs", new StateItem.PrimitiveArray(longs));
            s.register("ints", new StateItem.PrimitiveArray(ints));
            s.register("shorts", new StateItem.PrimitiveArray(shorts));
            s.register("chars", new StateItem.PrimitiveArray(chars));
            s.register("bytes", new StateItem.PrimitiveArray(bytes));
            s.register("piece", new StateItem.Distributed(new StateItem.PrimitiveArray(piece), 1,
                    GlobalRange.elements(0, piece.length - 2, piece.length - 2)));
            s.register("iter", new StateItem.Replicated(new StateItem.PrimitiveArray(iter)));
            s.register("direct", TaskState.of(direct));
            s.register("counter", TaskState.of(counter));
            s.register("owners", new StateItem.Parts(owners));
            if (log != null) {
                s.registerFile("log", log);
            }
            return s;
        }

        void assertSameAs(Kinds o) {
            assertEquals(o.smooth, smooth);
            assertEquals(o.noise, noise);
            assertEquals(o.floats, floats);
            assertEquals(o.longs, longs);
            assertEquals(o.ints, ints);
            assertEquals(o.shorts, shorts);
            assertEquals(o.chars, chars);
            assertEquals(o.bytes, bytes);
            assertEquals(o.piece, piece);
            assertEquals(o.iter, iter);
            assertEquals(o.direct.clear(), direct.clear());
            assertEquals(o.counter.value, counter.value);
            assertEquals(o.counter.label, counter.label);
            assertEquals(o.owners.owners, owners.owners);
        }

        private static Map<String, String> layout() {
            Map<String, String> m = new HashMap<>();
            for (String local : List.of("smooth", "noise", "floats", "longs", "ints", "shorts", "chars", "bytes", "direct",
                    "counter", "log")) {
                m.put(local, Layout.LOCAL.label());
            }
            m.put("piece", Layout.DISTRIBUTED.label());
            m.put("iter", Layout.REPLICATED.label());
            m.put("owners", Layout.PARTS.label());
            return m;
        }
    }
}
