package org.jckpt.record;

import static org.testng.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.annotations.Test;

public class UnrecordedCommitsTest {
    private static final Instant COMMITTED = Instant.parse("2026-12-08T01:02:03Z");

    private static void commit(SetNaming level, int tag, long size) throws Exception {
        CheckpointSet set = new CheckpointSet(SetFiles.FORMAT, "app", new CheckpointSet.Program("Heat", List.of(), null, Map.of()), 1,
                List.of("h"), tag, COMMITTED.toString(), List.of(new CheckpointSet.FileEntry("0", "heat.0." + tag, size, "00000000")),
                Map.of());
        SetFiles.commit(level.setFile(tag), set, FileModes.OWNER_ONLY);
    }

    /** Sets 1 (global) and 3 (local only) committed with no line: each gets one, once; set 2's line is not repeated. */
    @Test
    public void aSetCommittedWithoutItsLineIsRecordedOnceByTheNextRun() throws Exception {
        SetNaming global = new SetNaming(Files.createTempDirectory("record-global"), "heat");
        SetNaming local = new SetNaming(Files.createTempDirectory("record-local"), "heat");
        CheckpointLog log = new CheckpointLog(global, FileModes.OWNER_ONLY, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        commit(global, 1, 100);
        commit(global, 2, 200);
        commit(local, 3, 300);
        log.append(LogEvent.commit(2, 200, 200, null, 5, null, List.of()));
        UnrecordedCommits.record(log, global, local);
        UnrecordedCommits.record(log, global, local);
        List<LogEvent> events = LogReader.read(log.file(), warning -> { });
        assertEquals(events.size(), 3, events.toString());
        long at = COMMITTED.toEpochMilli();
        assertEquals(events.get(1), LogEvent.commit(1, 100, 100, null, at, null, List.of()).recordedLate(UnrecordedCommits.LATE));
        assertEquals(events.get(2), LogEvent.localCommit(3, 300, 300, at).recordedLate(UnrecordedCommits.LATE));
    }
}
