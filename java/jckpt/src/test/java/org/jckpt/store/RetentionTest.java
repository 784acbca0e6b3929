package org.jckpt.store;

import static org.testng.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.testng.annotations.Test;

public class RetentionTest {

    private static Path dirWith(String... files) throws Exception {
        Path dir = Files.createTempDirectory("retention");
        for (String f : files) {
            Files.createFile(dir.resolve(f));
        }
        return dir;
    }

    private static TreeSet<String> names(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    public void keepsTheNewestCommittedSetsAndDropsOlderOnesWhole() throws Exception {
        Path dir = dirWith("h.0", "h.0.0", "h.1.0", "h.1", "h.0.1", "h.1.1", "h.2", "h.0.2", "h.1.2");
        Retention.prune(new SetNaming(dir, "h"), 2, 2);
        assertEquals(names(dir), new TreeSet<>(List.of("h.1", "h.0.1", "h.1.1", "h.2", "h.0.2", "h.1.2")));
    }

    @Test
    public void leftoversOfFailedAttemptsGoButNothingNewerThanTheCommit() throws Exception {
        // Tag 1 failed (no set file); tag 3 is being written by someone else right now.
        Path dir = dirWith("h.0", "h.0.0", "h.0.1", "h.1.1.part", "h.2", "h.0.2", "h.0.3.part");
        Retention.prune(new SetNaming(dir, "h"), 2, 2);
        assertEquals(names(dir), new TreeSet<>(List.of("h.0", "h.0.0", "h.2", "h.0.2", "h.0.3.part")));
    }
}
