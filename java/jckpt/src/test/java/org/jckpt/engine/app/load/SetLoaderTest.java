package org.jckpt.engine.app.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jckpt.api.GlobalRange;
import org.jckpt.api.Redistributable;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.engine.app.taskfile.WrittenFile;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.DamagedSetException;
import org.jckpt.store.FileModes;
import org.jckpt.store.Progress;
import org.testng.annotations.Test;

/** Sets written by N tasks load into M tasks, each reading only its ranges, each block checked. */
public class SetLoaderTest {
    /** More than two blocks per task, so that pieces start and end inside blocks. */
    private static final int GLOBAL = 1_000_003;

    /** A task's values: the old task numbers it was given. */
    public static final class Owners implements Redistributable {
        public final List<Integer> owners = new ArrayList<>();

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeInt(owners.size());
            for (int o : owners) {
                out.writeInt(o);
            }
        }

        @Override
        public void readState(DataInput in) throws IOException {
            owners.clear();
            readParts(List.of(in));
        }

        @Override
        public void readParts(List<DataInput> parts) throws IOException {
            for (DataInput in : parts) {
                for (int n = in.readInt(); n > 0; n--) {
                    owners.add(in.readInt());
                }
            }
        }
    }

    @Test
    public void fourTasksLoadIntoThreeAndIntoFive() throws Exception {
        Path setFile = write(4);
        for (int tasks : new int[] {3, 5, 4}) {
            List<Integer> dealt = new ArrayList<>();
            for (int rank = 0; rank < tasks; rank++) {
                GlobalRange range = piece(rank, tasks);
                double[] grid = new double[(int) range.length() + 2];
                long[] iter = {0};
                Owners owners = new Owners();
                load(setFile, rank, tasks, state(grid, 1, range, iter, owners));
                for (int i = 0; i < range.length(); i++) {
                    assertEquals(grid[1 + i], value(range.offset() + i), "task " + rank + " of " + tasks + ", element " + i);
                }
                assertEquals(grid[0], 0.0, "outside the piece nothing is written");
                assertEquals(iter[0], 77L);
                dealt.addAll(owners.owners);
            }
            assertEquals(dealt, List.of(0, 1, 2, 3), "every old part once, in order, for " + tasks + " tasks");
        }
    }

    @Test
    public void aTaskReadsOnlyTheOldFilesTheSetSaysItReads() throws Exception {
        Path setFile = write(4);
        CheckpointSet set = org.jckpt.store.SetFiles.read(setFile);
        List<Set<Integer>> expected = List.of(Set.of(0, 1), Set.of(0, 1, 2), Set.of(0, 2, 3));
        for (int rank = 0; rank < 3; rank++) {
            GlobalRange range = piece(rank, 3);
            double[] grid = new double[(int) range.length()];
            TaskState state = state(grid, 0, range, new long[1], new Owners());
            Set<Integer> read = OldFilesRead.of(set, state, rank, 3);
            assertEquals(read, expected.get(rank), "task " + rank + " of 3");
            Path alone = Files.createTempDirectory("setloader-alone");
            Files.copy(setFile, alone.resolve(setFile.getFileName()));
            for (int old : read) {
                String name = set.files().get(old).file();
                Files.copy(setFile.resolveSibling(name), alone.resolve(name));
            }
            load(alone.resolve(setFile.getFileName()), rank, 3, state);
            assertEquals(grid[grid.length - 1], value(range.offset() + range.length() - 1), "task " + rank + " of 3");
        }
    }

    @Test
    public void theSetFileAndTheRelayCarryEachFilesDistributedPiece() throws Exception {
        Path setFile = write(4);
        CheckpointSet.FileEntry second = org.jckpt.store.SetFiles.read(setFile).files().get(1);
        GlobalRange range = piece(1, 4);
        Map<String, CheckpointSet.Piece> pieces = Map.of("grid", new CheckpointSet.Piece(range.offset(), range.length()));
        assertEquals(second.index().pieces(), pieces);
        WrittenFile relayed = WrittenFile.decode(new WrittenFile("h", second.file(), new Checksummed(1, second.size()),
                second.index(), List.of(new CheckpointSet.StoredItem("grid", "zstd", 8, 4))).encode());
        assertEquals(relayed.index(), second.index());
        assertEquals(relayed.items(), List.of(new CheckpointSet.StoredItem("grid", "zstd", 8, 4)));
    }

    @Test
    public void aFlippedBitInARangeReadIsFoundByName() throws Exception {
        Path setFile = write(4);
        CheckpointSet set = org.jckpt.store.SetFiles.read(setFile);
        Path file = setFile.resolveSibling(set.files().get(3).file());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(1_500_000);
            int b = f.read();
            f.seek(1_500_000);
            f.write(b ^ 1);
        }
        // Task 0 of 2 reads old tasks 0 and 1: unharmed. Task 1 reads old task 3's block 1.
        load(setFile, 0, 2, state(new double[GLOBAL], 0, piece(0, 2), new long[1], new Owners()));
        DamagedSetException e = expectThrows(DamagedSetException.class,
                () -> load(setFile, 1, 2, state(new double[GLOBAL], 0, piece(1, 2), new long[1], new Owners())));
        assertTrue(e.getMessage().startsWith(file + ": block 1 (bytes 1048576 to "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(corrupt)"), e.getMessage());
    }

    private static GlobalRange piece(int rank, int tasks) {
        long from = (long) GLOBAL * rank / tasks;
        return GlobalRange.elements(from, (long) GLOBAL * (rank + 1) / tasks - from, GLOBAL);
    }

    private static double value(long element) {
        return element * 0.5 + 1;
    }

    private static TaskState state(double[] grid, int at, GlobalRange range, long[] iter, Owners owners) {
        TaskState s = new TaskState();
        s.register("grid", new StateItem.Distributed(new StateItem.PrimitiveArray(grid), at, range));
        s.register("iter", new StateItem.Replicated(new StateItem.PrimitiveArray(iter)));
        s.register("owners", new StateItem.Parts(owners));
        return s;
    }

    /** A set of {@code tasks} task files as the app engine commits it. */
    private static Path write(int tasks) throws Exception {
        Path dir = Files.createTempDirectory("setloader");
        List<CheckpointSet.FileEntry> files = new ArrayList<>();
        for (int rank = 0; rank < tasks; rank++) {
            GlobalRange range = piece(rank, tasks);
            double[] grid = new double[(int) range.length() + 2];
            for (int i = 0; i < range.length(); i++) {
                grid[1 + i] = value(range.offset() + i);
            }
            Owners owners = new Owners();
            owners.owners.add(rank);
            Path file = dir.resolve("t." + rank + ".0");
            TaskFileWriter.Result r = new TaskFileWriter(FileModes.OWNER_ONLY, rank == 0)
                    .write(state(grid, 1, range, new long[] {77}, owners), file, Progress.NONE);
            files.add(new CheckpointSet.FileEntry(Integer.toString(rank), file.getFileName().toString(), r.sum().size(),
                    r.sum().crcHex(), r.index()));
        }
        CheckpointSet set = new CheckpointSet(3, "app", new CheckpointSet.Program("T", List.of(), null, Map.of()), tasks,
                List.of(), 0, "now", files, Map.of(),
                Map.of("grid", "distributed", "iter", "replicated", "owners", "parts"));
        Path setFile = dir.resolve("t.0");
        org.jckpt.store.SetFiles.commit(setFile, set, FileModes.OWNER_ONLY);
        return setFile;
    }

    private static void load(Path setFile, int rank, int tasks, TaskState state) throws Exception {
        CheckpointSet set = org.jckpt.store.SetFiles.read(setFile);
        try (SetLoader loader = new SetLoader(set, setFile, rank, tasks, Progress.NONE)) {
            loader.load(state).deliver();
        }
    }
}
