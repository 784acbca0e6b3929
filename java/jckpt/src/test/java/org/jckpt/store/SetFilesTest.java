package org.jckpt.store;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

public class SetFilesTest {

    static CheckpointSet sample(int tag, List<CheckpointSet.FileEntry> files) {
        return new CheckpointSet(SetFiles.FORMAT, "app",
                new CheckpointSet.Program("org.example.Main", List.of("--n", "4"), null, Map.of("keep", "2")),
                files.size(), List.of("hostA", "hostB"), tag, "2026-01-01T00:00:00Z", files, Map.of());
    }

    @Test
    public void commitThenReadGivesTheSameSetAndLeavesNoTemporaryFile() throws Exception {
        Path dir = Files.createTempDirectory("setfiles");
        CheckpointSet set = sample(3, List.of(new CheckpointSet.FileEntry("0", "x.0.3", 10, "0000abcd"),
                new CheckpointSet.FileEntry("1", "x.1.3", 11, "0000abce")));
        SetFiles.commit(dir.resolve("x.3"), set, FileModes.OWNER_ONLY);
        assertEquals(SetFiles.read(dir.resolve("x.3")), set);
        try (var files = Files.list(dir)) {
            assertEquals(files.count(), 1L);
        }
    }

    @Test
    public void aSetOfAnOlderFormatIsRefusedByName() throws Exception {
        Path f = Files.createTempDirectory("setfiles").resolve("x.0");
        Files.writeString(f, "{\"format\": 1, \"files\": []}");
        SetFileException e = expectThrows(SetFileException.class, () -> SetFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": set file format 1 is older"), e.getMessage());
    }

    @Test
    public void garbageAndMissingFilesAreNamedInTheError() throws Exception {
        Path dir = Files.createTempDirectory("setfiles");
        Files.writeString(dir.resolve("x.0"), "not json at all");
        assertTrue(expectThrows(SetFileException.class, () -> SetFiles.read(dir.resolve("x.0")))
                .getMessage().contains("x.0: not a jckpt set file"));
        assertTrue(expectThrows(SetFileException.class, () -> SetFiles.read(dir.resolve("x.1")))
                .getMessage().contains("x.1: no such set file"));
    }
}
