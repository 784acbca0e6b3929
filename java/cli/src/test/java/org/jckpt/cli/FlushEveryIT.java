package org.jckpt.cli;

import static org.testng.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
     * Every third set committed on the local level is flushed: once the record has, after the newest
     * set in the checkpoint directory, one committed only locally (which a job that flushes every set
     * never records), the job is killed; {@code restart --latest} takes the newest set and ends with
     * the uninterrupted result. A loaded node may write sets synchronously (its flush too far
     * behind): those go to the checkpoint directory, so the test waits for a local-only set after them.
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
        try {
            awaitLocalOnlyCommitAfterGlobal(record, job);
        } finally {
            job.killWholeJob();
        }

        int newestLocal = LocalLevel.existing(local, naming).orElseThrow().setTags().last();
        boolean fromLocal = naming.setTags().isEmpty() || newestLocal > naming.setTags().last();
        Cli.Result r = Cli.start(Map.of(), "restart", "--latest", dir.resolve(naming.name()).toString(), "--local-dir",
                local.toString()).waitFor(Duration.ofMinutes(10));
        assertEquals(r.status(), 0, r.toString());
        // Killed within milliseconds of the wait: a newer set reaching the directory meanwhile is legal, if rare.
        assertEquals(r.err().contains("(on the node-local level: it was not flushed to " + dir + ")"), fromLocal, r.toString());
        assertEquals(r.lastLine(), reference, r.toString());
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    /** Waits until the record has a set committed only locally after the newest set in the checkpoint directory. */
    private static void awaitLocalOnlyCommitAfterGlobal(Path record, Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + Duration.ofMinutes(5).toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
            List<LogEvent> commits = commits(record);
            int newestGlobal = commits.stream().filter(e -> e.globalCommit() != null).mapToInt(LogEvent::tag).max().orElse(-1);
            if (commits.stream().anyMatch(e -> e.globalCommit() == null && e.tag() > newestGlobal)) {
                return;
            }
            if (!job.process().isAlive()) {
                throw new AssertionError("job ended before a local-only set after the newest flushed: " + commits + "\n" + job.errText());
            }
        }
        throw new AssertionError("no local-only set after the newest flushed: " + job.errText());
    }

    private static List<LogEvent> commits(Path record) throws Exception {
        return Files.exists(record) ? LogReader.read(record, warning -> { }).stream().filter(e -> e.event().equals(LogEvent.COMMIT))
                .toList() : List.of();
    }
}
