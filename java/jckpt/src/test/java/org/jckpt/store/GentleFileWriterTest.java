package org.jckpt.store;

import static org.jckpt.store.ModeAssertions.mode;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jckpt.system.ExternalCommand;
import org.jckpt.system.GentleIo;
import org.jckpt.system.IoPriority;
import org.testng.SkipException;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Whatever tricks it uses, the writer's file holds exactly what it was given, with the job's mode. */
public class GentleFileWriterTest {
    private static final long WINDOW = GentleFileWriter.CHUNK;

    @DataProvider
    public Object[][] everyCombination() {
        List<Object[]> all = new ArrayList<>();
        for (int bits = 0; bits < 32; bits++) {
            IoPriority priority = (bits & 8) == 0 ? IoPriority.NONE : IoPriority.IDLE;
            GentleFileWriter.Options o = new GentleFileWriter.Options(WINDOW, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, priority, (bits & 16) == 0 ? 0 : 19);
            all.add(new Object[] {o, new FileModes(bits % 3 == 0)});
        }
        return all.toArray(Object[][]::new);
    }

    @Test(dataProvider = "everyCombination")
    public void theFileIsByteIdenticalWithTheJobsMode(GentleFileWriter.Options options, FileModes modes) throws Exception {
        assertCopies(options, modes, GentleIo.system());
    }

    @Test
    public void withoutGentleIoTheSameFileIsWritten() throws Exception {
        assertCopies(GentleFileWriter.Options.DEFAULT, FileModes.OWNER_ONLY, GentleIo.unavailable("test"));
    }

    @Test
    public void aJvmWithoutJnasNativePartCopiesAllTheSame() throws Exception {
        Path dir = Files.createTempDirectory("gentle");
        Path source = Files.write(dir.resolve("source"), bytes(new Random(7), 3_000_000));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ExternalCommand.Result r = ExternalCommand.run(Duration.ofSeconds(60), java, "-cp", System.getProperty("java.class.path"),
                // Neither a system copy nor the one in JNA's jar may be loaded.
                "-Djna.nosys=true", "-Djna.nounpack=true", "-Djna.boot.library.path=" + dir,
                GentleCopy.class.getName(), source.toString(), dir.resolve("copy").toString());
        assertTrue(r.ok(), r.output());
        assertTrue(r.output().startsWith("unavailable: JNA cannot bind libc"), r.output());
        assertEquals(Files.mismatch(source, dir.resolve("copy")), -1L);
        FileTrees.delete(dir);
    }

    @Test
    public void theThreadGetsItsPrioritiesBack() throws Exception {
        GentleIo io = GentleIo.system();
        if (!io.available()) {
            throw new SkipException("no gentle I/O on this machine: " + io.status());
        }
        var before = io.threadIoPriority();
        var niceBefore = io.threadNice();
        Path dir = Files.createTempDirectory("gentle");
        GentleFileWriter.Options idle = new GentleFileWriter.Options(WINDOW, true, true, true, IoPriority.IDLE, 19);
        try (GentleFileWriter w = GentleFileWriter.create(dir.resolve("f"), FileModes.OWNER_ONLY, idle)) {
            assertEquals(io.threadIoPriority().orElseThrow(), IoPriority.IDLE, "lowered while writing");
            assertEquals(io.threadNice().orElseThrow(), 19);
        }
        assertEquals(io.threadIoPriority(), before);
        assertEquals(io.threadNice(), niceBefore, "given back (this test runs as root, which may lower nice again)");
        FileTrees.delete(dir);
    }

    @Test
    public void aWriteTheProgramWaitsForLeavesItsThreadsPriorityAlone() throws Exception {
        GentleIo io = GentleIo.system();
        if (!io.available()) {
            throw new SkipException("no gentle I/O on this machine: " + io.status());
        }
        var niceBefore = io.threadNice();
        Path dir = Files.createTempDirectory("gentle");
        try (GentleFileWriter w = GentleFileWriter.create(dir.resolve("f"), FileModes.OWNER_ONLY,
                GentleFileWriter.Options.WAITED_FOR)) {
            assertEquals(io.threadNice(), niceBefore, "a non-root program could never raise it again");
        }
        FileTrees.delete(dir);
    }

    /** Heap and direct buffers of odd sizes around a copied file, so windows end inside every kind of write. */
    private static void assertCopies(GentleFileWriter.Options options, FileModes modes, GentleIo io) throws IOException {
        Path dir = Files.createTempDirectory("gentle");
        Random random = new Random(options.hashCode());
        byte[] head = bytes(random, 1_500_000);
        byte[] source = bytes(random, 2_700_001);
        byte[] tail = bytes(random, 3_333_333);
        Files.write(dir.resolve("source"), source);
        Path file = dir.resolve("copy");
        try (GentleFileWriter w = GentleFileWriter.create(file, modes, options, io)) {
            assertEquals(w.write(ByteBuffer.wrap(head)), head.length);
            w.copyFrom(dir.resolve("source"));
            ByteBuffer direct = ByteBuffer.allocateDirect(tail.length).put(tail).flip();
            w.write(direct);
            w.force();
            assertEquals(w.position(), (long) head.length + source.length + tail.length);
        }
        ByteBuffer expected = ByteBuffer.allocate(head.length + source.length + tail.length).put(head).put(source).put(tail);
        assertEquals(Files.readAllBytes(file), expected.array());
        assertEquals(mode(file), PosixFilePermissions.toString(modes.file()));
        FileTrees.delete(dir);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @DataProvider
    public Object[][] waysToWrite() {
        return new Object[][] {{"write"}, {"copyFrom"}};
    }

    @Test(dataProvider = "waysToWrite")
    public void aFullFileSystemSaysSoAndTheCallerLeavesNothing(String way) throws Exception {
        Path mount = Files.createTempDirectory("gentle-full");
        ExternalCommand.Result mounted = ExternalCommand.run(Duration.ofSeconds(20), "mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString());
        if (!mounted.ok()) {
            Files.delete(mount);
            throw new SkipException("cannot mount a small tmpfs (needs root): " + mounted.output().strip());
        }
        Path source = Files.write(Files.createTempFile("gentle-source", ".bin"), new byte[8 << 20]);
        try {
            Path file = mount.resolve("task.0");
            GentleFileWriter w = GentleFileWriter.create(file, FileModes.OWNER_ONLY, GentleFileWriter.Options.DEFAULT);
            FileSystemException e = expectThrows(FileSystemException.class, () -> {
                if (way.equals("write")) {
                    w.write(ByteBuffer.allocate(8 << 20));
                } else {
                    w.copyFrom(source);
                }
                w.force();
            });
            w.close();
            Files.delete(file);
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            try (var left = Files.list(mount)) {
                assertEquals(left.count(), 0L);
            }
        } finally {
            Files.delete(source);
            ExternalCommand.run(Duration.ofSeconds(20), "umount", mount.toString());
            Files.delete(mount);
        }
    }
}
