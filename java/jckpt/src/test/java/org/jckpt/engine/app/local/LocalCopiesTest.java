package org.jckpt.engine.app.local;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.engine.app.taskfile.TaskFileSeal;
import org.jckpt.engine.app.taskfile.TaskFileTest;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.store.SetNaming;
import org.jckpt.system.Unmapper;
import org.testng.SkipException;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/** Copies written through mappings kept between pauses are the files write(2) gives, and no mapping outlives its file. */
public class LocalCopiesTest {
    private Path global;
    private LocalLevel local;

    @BeforeMethod
    public void level() throws IOException {
        if (!Unmapper.available()) {
            throw new SkipException("this JVM cannot unmap a buffer at once (no sun.misc.Unsafe.invokeCleaner)");
        }
        global = Files.createTempDirectory("copies");
        local = LocalLevel.open(LocalLevel.DEFAULT_ROOT, new SetNaming(global, "t"), 0, FileModes.OWNER_ONLY);
        if (!local.tmpfs()) {
            throw new SkipException(LocalLevel.DEFAULT_ROOT + " is not a tmpfs here");
        }
    }

    @AfterMethod(alwaysRun = true)
    public void remove() throws IOException {
        if (local != null) {
            FileTrees.delete(local.dir());
        }
        if (global != null) {
            FileTrees.delete(global);
        }
    }

    @Test
    public void aCopyThroughAKeptMappingIsTheFileWriteGivesWhetherTheStateGrowsOrShrinks() throws Exception {
        LocalCopies copies = new LocalCopies(local, 0, FileModes.OWNER_ONLY);
        TaskFileWriter writer = new TaskFileWriter(FileModes.OWNER_ONLY, true);
        Random random = new Random(11);
        // Across a region's end (64 MiB), then larger still, then smaller: the spare is reused each time.
        int[] sizes = {MappedCopy.REGION + 12_345, 2 * MappedCopy.REGION + 8, 1_000_003};
        for (int tag = 0; tag < sizes.length; tag++) {
            TaskState state = state(random, sizes[tag]);
            TaskFileWriter.Raw raw = copies.write(writer, state, tag, Progress.NONE);
            TaskFileWriter.Result sealed = TaskFileSeal.seal(raw, false);
            Path reference = global.resolve("reference." + tag);
            TaskFileWriter.Result written = writer.write(state, reference, Progress.NONE);
            assertEquals(sealed.sum(), written.sum(), "copy " + tag + " of " + sizes[tag] + " bytes");
            assertEquals(Files.mismatch(raw.file(), reference), -1L);
            assertEquals(raw.file().equals(local.spareFile(0)), tag > 0, "the spare is overwritten where it is");
            Path copy = local.naming().taskFile(0, tag);
            copies.sealed(tag, raw.file(), copy);
            copies.prefault(tag); // As the seal thread does.
            copies.recycle(tag, copy);
            assertTrue(Files.exists(local.spareFile(0)));
            assertFalse(Files.exists(copy));
        }
        assertTrue(mappedHere(local.dir()), "the spare's mapping is kept for the next copy");
        copies.close();
        assertFalse(Files.exists(local.spareFile(0)));
        assertFalse(mappedHere(local.dir()), "no mapping outlives close");
    }

    @Test
    public void noMappingReachesPastItsFileWhateverTheStateSizeDoes() throws Exception {
        LocalCopies copies = new LocalCopies(local, 0, FileModes.OWNER_ONLY);
        TaskFileWriter writer = new TaskFileWriter(FileModes.OWNER_ONLY, true);
        Random random = new Random(5);
        // Shrinks, then grows by write(2) past what is left (so the seal prefaults), by less than a
        // page and by more than a region, as a state of moving particles does.
        int[] sizes = {120_000, 90_000, 100_000, 100_900, 100_100, MappedCopy.REGION + 70_000, 110_000, 130_000, 95_000, 96_000};
        for (int tag = 0; tag < sizes.length; tag++) {
            TaskState state = state(random, sizes[tag]);
            TaskFileWriter.Raw raw = copies.write(writer, state, tag, Progress.NONE);
            Path copy = local.naming().taskFile(0, tag);
            TaskFileWriter.Result sealed = TaskFileSeal.seal(raw, false);
            copies.sealed(tag, raw.file(), copy);
            copies.prefault(tag);
            assertMappedWithin(copy);
            TaskFileWriter.Result reference = writer.write(state, global.resolve("reference"), Progress.NONE);
            assertEquals(sealed.sum(), reference.sum(), "copy " + tag + " of " + sizes[tag] + " bytes");
            copies.recycle(tag, copy);
            assertMappedWithin(local.spareFile(0));
        }
        copies.close();
    }

    /** Every mapping of {@code file} in this process ends within the file's last page. */
    private static void assertMappedWithin(Path file) throws IOException {
        long size = Files.size(file);
        long page = 4096;
        long fileEnd = (size + page - 1) / page * page;
        String inode = Long.toString((Long) Files.getAttribute(file, "unix:ino"));
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.split("\\s+", 6);
            if (f.length == 6 && f[4].equals(inode) && f[5].startsWith(file.getParent().toString())) {
                String[] range = f[0].split("-");
                long end = Long.parseLong(f[2], 16) + Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
                assertTrue(end <= fileEnd, file + " (" + size + " bytes) is mapped up to " + end + ": " + line);
            }
        }
    }

    @Test
    public void aCopyThatIsDeletedIsUnmapped() throws Exception {
        LocalCopies copies = new LocalCopies(local, 0, FileModes.OWNER_ONLY);
        TaskFileWriter.Raw raw = copies.write(new TaskFileWriter(FileModes.OWNER_ONLY, true), state(new Random(3), 5_000_000), 7,
                Progress.NONE);
        assertTrue(mappedHere(local.dir()));
        copies.delete(7, raw.file());
        assertFalse(Files.exists(raw.file()));
        assertFalse(mappedHere(local.dir()), "a deleted copy's memory is not held by a mapping");
        copies.close();
    }

    private static TaskState state(Random random, int bytes) {
        // Half in a heap array (written through the mapping's window), half in a direct buffer.
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes / 2);
        for (int i = 0; i < direct.capacity(); i += 4093) {
            direct.put(i, (byte) random.nextInt());
        }
        TaskState state = new TaskState();
        state.register("grid", new StateItem.PrimitiveArray(random.doubles(bytes / 16 + 1).toArray()));
        state.register("direct", TaskState.of(direct));
        state.register("counter", TaskState.of(new TaskFileTest.Counter()));
        return state;
    }

    private static boolean mappedHere(Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.contains(dir.toString()));
    }
}
