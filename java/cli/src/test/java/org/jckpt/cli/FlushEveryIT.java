package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jckpt.record.LogEvent;
import org.jckpt.record.LogReader;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * {@code --flush-every K} (issue 23): only every K-th set committed on the node-local level goes to
 * the checkpoint directory; the others live on the local level, where a restart finds them.
 */
public class FlushEveryIT {
    // Few iterations of much work each: a loaded machine's scheduling delays each halo exchange.
    private static final int N = 1024;
    private static final int ITERS = 2500;
    private static final String HEAT = "org.jckpt.examples.Heat";
    private String reference;

    @BeforeClass
    public void reference() throws Exception {
        Cli.requireOpenMpi();
        reference = HeatReference.checksum(N, ITERS);
    }

    /**
     * Every third set is flushed: once the checkpoint directory has one and the local level a newer
     * one, the job is killed; {@code restart --latest} takes the newer local set and ends with the
     * uninterrupted result. The record has a commit for every set, a global one for the flushed only.
     */
    @Test
    public void onlyEveryThirdSetIsFlushedAndAKilledJobRestartsFromTheNewerLocalOne() throws Exception {
        Path dir = Files.createTempDirectory("flush-every");
        Path local = Files.createTempDirectory("flush-every-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "2", "--ckpt-dir", dir.toString(), "--local-dir", local.toString(),
                "--ckpt-every", "125", "--flush-every", "3", "--", HEAT, "--n", Integer.toString(N), "--iters",
                Integer.toString(ITERS));
        Path record = dir.resolve(naming.name() + ".log.jsonl");
        int global;
        try {
            Jobs.awaitSets(naming, 1, job);
            global = naming.setTags().first();
            SetNaming level = LocalLevel.existing(local, naming).orElseThrow();
            // The record follows the set file: a job killed in between leaves that commit unrecorded.
            awaitRecordedAndLocalSetAfter(record, level, global, job);
        } finally {
            job.killWholeJob();
        }
        assertEquals(naming.setTags().size(), 1, "sets flushed to " + dir);
        List<LogEvent> commits = commits(record);
        assertEquals(commits.stream().filter(e -> e.globalCommit() != null).map(LogEvent::tag).toList(), List.of(global),
                "commits with a global commit: " + commits);
        assertTrue(commits.size() >= 3, "commits: " + commits);

        Cli.Result r = Cli.start(Map.of(), "restart", "--latest", dir.resolve(naming.name()).toString(), "--local-dir",
                local.toString()).waitFor(Duration.ofMinutes(10));
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("(on the node-local level: it was not flushed to " + dir + ")"), r.toString());
        assertEquals(r.lastLine(), reference, r.toString());
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    /** Waits until the record has set {@code tag}'s global commit and the local level a newer set. */
    private static void awaitRecordedAndLocalSetAfter(Path record, SetNaming level, int tag, Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + Duration.ofMinutes(2).toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
            Optional<Integer> newest = level.setTags().isEmpty() ? Optional.empty() : Optional.of(level.setTags().last());
            boolean recorded = commits(record).stream().anyMatch(e -> e.tag() == tag && e.globalCommit() != null);
            if (recorded && newest.isPresent() && newest.get() > tag) {
                return;
            }
            if (!job.process().isAlive()) {
                throw new AssertionError("job ended before set " + tag + "'s commit was recorded and a newer set committed locally: "
                        + job.errText());
            }
        }
        throw new AssertionError("no recorded commit of set " + tag + " or no local set newer than it: " + job.errText());
    }

    private static List<LogEvent> commits(Path record) throws Exception {
        return LogReader.read(record, warning -> { }).stream().filter(e -> e.event().equals(LogEvent.COMMIT)).toList();
    }
}
