package org.jckpt.system;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.sun.jna.Native;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalInt;
import org.testng.SkipException;
import org.testng.annotations.Test;

/** The advice reaches the kernel where it can, and where it cannot the calls say so without an exception. */
public class GentleIoTest {
    private static GentleIo requireSystem() {
        GentleIo io = GentleIo.system();
        if (!io.available()) {
            throw new SkipException("no gentle I/O on this machine: " + io.status());
        }
        return io;
    }

    @Test
    public void aReadOnlyDescriptorStartsWriteBackAndDropsTheCache() throws Exception {
        GentleIo io = requireSystem();
        // The build directory: on a disk, unlike a /tmp that may be a tmpfs, whose pages are the file.
        Path file = Files.createTempFile(Files.createDirectories(Path.of("target")), "hints", ".bin");
        if (Files.getFileStore(file).type().equals("tmpfs")) {
            Files.delete(file);
            throw new SkipException("the build directory is on a tmpfs, whose pages DONTNEED cannot drop");
        }
        Files.write(file, new byte[4 << 20]);
        try (FileHints hints = io.hints(file); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertTrue(hints.active());
            assertTrue(hints.startWriteBack(0, 1 << 20));
            assertTrue(hints.awaitWriteBack(0, 0));
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            assertTrue(map.isLoaded(), "just written, so cached");
            assertTrue(hints.dropCache(0, 0));
            assertFalse(map.isLoaded(), "clean pages are gone after DONTNEED");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void theThreadsIoPriorityIsSetAndRestored() {
        GentleIo io = requireSystem();
        IoPriority before = io.threadIoPriority().orElseThrow();
        try {
            assertTrue(io.setThreadIoPriority(IoPriority.IDLE));
            assertEquals(io.threadIoPriority(), Optional.of(IoPriority.IDLE));
        } finally {
            assertTrue(io.setThreadIoPriority(before));
        }
        assertEquals(io.threadIoPriority(), Optional.of(before));
    }

    @Test
    public void theThreadsNiceValueIsItsOwn() throws Exception {
        GentleIo io = requireSystem();
        int before = io.threadNice().orElseThrow();
        Thread other = new Thread(() -> assertTrue(io.setThreadNice(19)));
        other.start();
        other.join(10_000);
        assertEquals(io.threadNice().orElseThrow(), before, "another thread's nice value is not this one's");
        assertTrue(io.setThreadNice(Math.min(before + 1, 19)));
        assertEquals(io.threadNice().orElseThrow(), Math.min(before + 1, 19));
        io.setThreadNice(before); // allowed back only with CAP_SYS_NICE; the test thread ends with the class anyway
    }

    @Test
    public void aMissingFileGivesHintsThatDoNothing() {
        try (FileHints hints = requireSystem().hints(Path.of("/nonexistent/jckpt-hints"))) {
            assertFalse(hints.active());
            assertFalse(hints.startWriteBack(0, 1));
            assertFalse(hints.dropCache(0, 1));
        }
    }

    @Test
    public void unknownSystemCallsAreRefusedQuietly() {
        requireSystem();
        GentleIo wrong = GentleIo.bound(Native.load("c", LinuxCalls.class), new GentleIo.Processor("none", 99_999, 99_998, 99_997, 0));
        assertFalse(wrong.setThreadIoPriority(IoPriority.IDLE));
        assertEquals(wrong.threadIoPriority(), Optional.empty());
        assertEquals(wrong.threadNice(), OptionalInt.empty());
    }

    @Test
    public void anUnavailableOneDoesNothing() {
        GentleIo none = GentleIo.unavailable("test");
        assertFalse(none.available());
        assertEquals(none.status(), "unavailable: test");
        assertFalse(none.setThreadIoPriority(IoPriority.IDLE));
        assertFalse(none.hints(Path.of("/")).active());
    }
}
