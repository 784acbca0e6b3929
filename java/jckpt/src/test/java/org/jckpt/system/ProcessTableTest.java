package org.jckpt.system;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.testng.annotations.Test;

/** This JVM, as /proc shows it: the files it maps and holds open below a directory, and its command. */
public class ProcessTableTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    @Test
    public void aMappedFileAndAnOpenFileAreInUseAndTheirDirectoryToo() throws Exception {
        Path dir = Files.createTempDirectory("procs").toRealPath();
        Path mapped = Files.write(dir.resolve("segment"), new byte[4096]);
        Path open = Files.createFile(dir.resolve("open"));
        Path unused = Files.createFile(dir.resolve("unused"));
        try (FileChannel m = FileChannel.open(mapped, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel o = FileChannel.open(open, StandardOpenOption.READ)) {
            MappedByteBuffer segment = m.map(FileChannel.MapMode.READ_WRITE, 0, 4096);
            m.close(); // The mapping outlives the descriptor, as Open MPI's segments do.
            ProcessTable table = ProcessTable.read(Path.of("/proc"), List.of(dir), NO_DEADLINE);
            segment.put(0, (byte) 1); // Reachable until here: not unmapped by the collector meanwhile.
            assertTrue(table.uses(mapped), "mapped");
            assertTrue(table.uses(open), "open");
            assertTrue(table.uses(dir), "the directory of files in use");
            assertFalse(table.uses(unused), "unused");
            long self = ProcessHandle.current().pid();
            assertTrue(table.runs(self, Set.of("java")), "this JVM's command");
            assertFalse(table.runs(self, Set.of("mpirun")));
        }
    }

    @Test(expectedExceptions = java.io.IOException.class)
    public void aPassedDeadlineGivesUp() throws Exception {
        ProcessTable.read(Path.of("/proc"), List.of(Path.of("/tmp")), System.nanoTime() - 1);
    }
}
