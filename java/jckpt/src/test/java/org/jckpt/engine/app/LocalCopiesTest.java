package org.jckpt.engine.app;

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
