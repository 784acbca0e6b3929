package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jckpt.store.FileTrees;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A state that changes size at every checkpoint (the case that once killed the seal thread: a
 * mapping of a shrunk copy was touched past its file's end): a hundred complete and a hundred
 * partial checkpoints, then forty system-initiated ones, with the job SIGKILLed and restarted from
 * the newest set three times along the way. Every set commits, no background thread fails, and
 * the result is the uninterrupted run's.
 */
public class SizeChangingStateIT {
    static final Path TEST_CLASSES = Cli.HOME.resolve("java/cli/target/test-classes");
    static final String PROGRAM = "org.jckpt.cli.programs.SizeChangingState";
    private static final String STEPS = "2000";
    private static final int RUNS = 4;
    private static final int SYSTEM_CHECKPOINTS_PER_RUN = 10;

    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @Test
    public void everyKindOfCheckpointCommitsAndTheRestartsGiveTheUninterruptedResult() throws Exception {
        Path dir = Files.createTempDirectory("sizes");
        Path hold = dir.resolve("hold");
        SetNaming naming = new SetNaming(dir, "sizes");
        List<String> stderr = new ArrayList<>();
        Cli.Result last = null;
        for (int run = 1; run <= RUNS; run++) {
            Cli.Running job = run == 1
                    ? Cli.start(Map.of(), "run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-file", "sizes",
                            "--cp", TEST_CLASSES.toString(), "--", PROGRAM, STEPS, "20", hold.toString())
                    : Cli.start(Map.of(), "restart", "--latest", dir.resolve("sizes").toString());
            try {
                systemCheckpoints(job, run);
            } catch (Exception | AssertionError e) {
                Path dumps = Jobs.threadDumps(job);
                job.killWholeJob(); // It would wait at its hold point for ever.
                throw new AssertionError("run " + run + ": " + e.getMessage() + "\n--- the job's threads: " + dumps + "\n--- job\n"
                        + job.errText(), e);
            }
            if (run < RUNS) {
                job.killWholeJob();
                stderr.add(job.errText());
            } else {
                Files.createFile(hold);
                last = job.waitFor(Duration.ofMinutes(10));
                stderr.add(last.err());
            }
        }
        assertEquals(last.status(), 0, last.toString());
        for (String err : stderr) {
            assertFalse(err.contains("not committed") || err.contains("Exception") || err.contains("failed"), err);
        }
        assertEquals(ended(last.out()), ended(uninterrupted(dir.resolve("reference"))), last.toString());
        int newest = naming.setTags().last();
        assertTrue(newest >= RUNS * SYSTEM_CHECKPOINTS_PER_RUN, "sets up to " + newest);
        Cli.Result verify = Cli.run("verify", naming.setFile(newest).toString());
        assertEquals(verify.status(), 0, verify.toString());
        FileTrees.delete(dir);
    }

    private static void systemCheckpoints(Cli.Running job, int run) throws Exception {
        String id = Jobs.jobId(job);
        for (int k = 0; k < SYSTEM_CHECKPOINTS_PER_RUN; k++) {
            Cli.Result ck = Cli.start(Map.of(), "checkpoint", id).waitFor(Duration.ofMinutes(10));
            assertEquals(ck.status(), 0, "run " + run + ", system checkpoint " + k + ": " + ck + "\n--- job\n" + job.errText());
        }
    }

    /** The same program without checkpoints, its hold file there from the start. */
    private static String uninterrupted(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path hold = Files.createFile(dir.resolve("hold"));
        Cli.Result r = Cli.start(Map.of(), "run", "-np", "4", "--ckpt-dir", dir.toString(), "--cp", TEST_CLASSES.toString(),
                "--", PROGRAM, STEPS, "0", hold.toString()).waitFor(Duration.ofMinutes(10));
        assertEquals(r.status(), 0, r.toString());
        return r.out();
    }

    /** Each task's last line, in task order. */
    static List<String> ended(String out) {
        return out.lines().filter(l -> l.contains(" ended at step ")).sorted().collect(Collectors.toList());
    }
}
