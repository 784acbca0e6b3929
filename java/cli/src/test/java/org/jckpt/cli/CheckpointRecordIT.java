package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.record.LogEvent;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** The record of every checkpoint, {@code <dir>/<name>.log.jsonl}, and {@code jckpt stats} on it. */
public class CheckpointRecordIT {
    private static final Pattern RESTART = Pattern.compile("; restart 1 of 1 from (\\S+)\n");

    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @Test
    public void aJobKilledAndRestartedOnItsOwnRecordsEverySetTheRestartAndTheWorkItRedid() throws Exception {
        Path dir = Files.createTempDirectory("record");
        SetNaming naming = new SetNaming(dir, "slowpause");
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-every", "1s",
                "--keep", "1000", "--max-restarts", "1", "--cp", CheckpointPolicyIT.TEST_CLASSES.toString(), "--",
                CheckpointPolicyIT.PROGRAM, "800", "50");
        Cli.Result r;
        try {
            Jobs.awaitSets(naming, 2, job);
            Jobs.task(job, 1).destroyForcibly();
            r = job.waitFor(Duration.ofMinutes(10));
        } finally {
            job.killWholeJob();
        }
        assertEquals(r.status(), 0, r.toString());
        Matcher restart = RESTART.matcher(r.err());
        assertTrue(restart.find(), r.toString());
        Path record = CheckpointPolicyIT.record(dir);
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(record)), "rw-------");
        List<LogEvent> events = CheckpointPolicyIT.events(dir);

        TreeSet<Integer> committed = new TreeSet<>(events.stream().filter(e -> e.event().equals(LogEvent.COMMIT)).map(LogEvent::tag).toList());
        assertEquals(committed, naming.setTags(), "every committed set, and only those, in " + events);
        List<LogEvent> runs = events.stream().filter(e -> e.event().equals(LogEvent.RUN)).toList();
        assertEquals(runs.size(), 2, events.toString());
        assertEquals(runs.get(1).from(), restart.group(1));
        assertEquals(runs.get(1).fromTag(), Integer.valueOf(SetNaming.tagOf(Path.of(restart.group(1)))));
        assertEquals(runs.get(1).automatic(), Boolean.TRUE);

        Cli.Result stats = Cli.run("stats", dir.resolve("slowpause").toString());
        assertEquals(stats.status(), 0, stats.toString());
        assertTrue(stats.out().matches("(?s).*\nrestarts: 1 \\(1 automatic\\), work redone \\d+\\.\\d s\n  from " + Pattern.quote(restart.group(1))
                + " \\(automatic\\): redid \\d+\\.\\d s\n.*"), stats.toString());
        assertTrue(stats.out().contains("failure: job: task 1 "), stats.toString());
        JsonNode json = new ObjectMapper().readTree(Cli.run("stats", "--json", "--mtbf", "1h", dir.resolve("slowpause").toString()).out());
        assertTrue(json.get("redoneSeconds").asDouble() > 0, json.toString());
        assertEquals(json.get("restarts").get(0).get("from").asText(), restart.group(1));
        assertTrue(json.get("dalyIntervalSeconds").asDouble() > 0, json.toString());
    }

    @Test
    public void statsOfAMissingRecordOrWithABadMtbfIsOneLineAndAFailure() throws Exception {
        Path dir = Files.createTempDirectory("record");
        Cli.Result missing = Cli.run("stats", dir.resolve("heat").toString());
        assertNotEquals(missing.status(), 0);
        assertEquals(missing.err(), "jckpt: " + dir.resolve("heat.log.jsonl") + ": no checkpoint record"
                + " (a job run by jckpt writes one beside its sets)\n");
        Files.writeString(dir.resolve("heat.log.jsonl"), "");
        Cli.Result badMtbf = Cli.run("stats", "--mtbf", "often", dir.resolve("heat").toString());
        assertNotEquals(badMtbf.status(), 0);
        assertEquals(badMtbf.err(), "jckpt: --mtbf takes a positive duration (e.g. 6h, 90m), not 'often'\n");
    }
}
