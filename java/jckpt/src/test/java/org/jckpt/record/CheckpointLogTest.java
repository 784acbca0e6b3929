package org.jckpt.record;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jckpt.store.FileModes;
import org.jckpt.store.SetNaming;
import org.testng.annotations.Test;

public class CheckpointLogTest {
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();

    private CheckpointLog log(Path dir) {
        return new CheckpointLog(new SetNaming(dir, "heat"), FileModes.OWNER_ONLY, new PrintStream(said, true, StandardCharsets.UTF_8));
    }

    @Test
    public void writesOnePrivateJsonLinePerEventThatTheReaderGivesBack() throws Exception {
        Path dir = Files.createTempDirectory("log");
        List<LogEvent> events = List.of(LogEvent.run(1_000, 4, null, null, false, 0),
                LogEvent.checkpoint(0, CheckpointKind.PERIODIC, 4_000, 210, 230),
                LogEvent.commit(0, 1_000, 4_000, 4_300L, 4_900L, 250.0, List.of()),
                LogEvent.failure(1, 6_000, "task 2 on node3 could not write heat.2.1: No space left on device"),
                LogEvent.end(9_000, 137, "task 2 on node3 killed by signal 9 (Killed)"));
        CheckpointLog log = log(dir);
        events.forEach(log::append);
        Path file = dir.resolve("heat.log.jsonl");
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "rw-------");
        assertEquals(Files.readAllLines(file).size(), events.size());
        assertTrue(Files.readAllLines(file).get(1).startsWith("{\"event\":\"checkpoint\""), Files.readString(file));
        List<String> warnings = new ArrayList<>();
        assertEquals(LogReader.read(file, warnings::add), events);
        assertEquals(warnings, List.of());
        assertEquals(said.size(), 0);
    }

    @Test
    public void aTornLastLineIsSkippedWithAWarning() throws Exception {
        Path dir = Files.createTempDirectory("log");
        log(dir).append(LogEvent.checkpoint(3, CheckpointKind.SYSTEM, 1_000, 5, 7));
        Path file = dir.resolve("heat.log.jsonl");
        Files.writeString(file, "{\"event\":\"commit\",\"time\":12", StandardOpenOption.APPEND); // killed mid-write
        List<String> warnings = new ArrayList<>();
        List<LogEvent> read = LogReader.read(file, warnings::add);
        assertEquals(read, List.of(LogEvent.checkpoint(3, CheckpointKind.SYSTEM, 1_000, 5, 7)));
        assertEquals(warnings.size(), 1);
        assertTrue(warnings.get(0).contains("torn"), warnings.toString());
    }

    @Test
    public void linesAppendedAtOnceFromManyWritersNeverInterleave() throws Exception {
        Path dir = Files.createTempDirectory("log");
        String reason = "x".repeat(2_000);
        IntStream.range(0, 400).parallel().forEach(i -> log(dir).append(LogEvent.failure(i, i, reason)));
        List<String> warnings = new ArrayList<>();
        List<LogEvent> read = LogReader.read(dir.resolve("heat.log.jsonl"), warnings::add);
        assertEquals(warnings, List.of());
        assertEquals(read.stream().map(LogEvent::tag).sorted().toList(), IntStream.range(0, 400).boxed().toList());
    }

    @Test
    public void aMissingRecordIsOneClearError() {
        Path missing = Path.of("/nonexistent/heat.log.jsonl");
        IllegalArgumentException e = org.testng.Assert.expectThrows(IllegalArgumentException.class,
                () -> LogReader.read(missing, w -> { }));
        assertTrue(e.getMessage().startsWith(missing + ": no checkpoint record"), e.getMessage());
    }
}
