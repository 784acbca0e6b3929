package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jckpt.store.FileTrees;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * An {@link Error} in the seal thread and in the flush thread, each for one set (injected through
 * JCKPT_TEST_FAULTS): that set fails in one line and its copies go, the next sets commit, and the
 * job ends as soon as its program does, not after the drain's bound of minutes.
 */
public class BackgroundFailuresIT {
    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @Test
    public void aFailedSealOrFlushFailsItsSetAloneAndTheJobEndsWithItsProgram() throws Exception {
        Path dir = Files.createTempDirectory("faults");
        Path hold = dir.resolve("hold");
        SetNaming naming = new SetNaming(dir, "faults");
        Cli.Running job = Cli.start(Map.of("JCKPT_TEST_FAULTS", "seal:1,flush:3"), "run", "-np", "4", "--ckpt-dir",
                dir.toString(), "--ckpt-file", "faults", "--cp", SizeChangingStateIT.TEST_CLASSES.toString(), "--",
                SizeChangingStateIT.PROGRAM, "10", "0", hold.toString());
        try {
            checkpoints(job, naming);
        } catch (Exception | AssertionError e) {
            job.killWholeJob(); // It would wait at its hold point for ever.
            throw e;
        }
        Files.createFile(hold);
        long heldAt = System.nanoTime();
        Cli.Result end = job.waitFor(Duration.ofMinutes(4)); // Below the drain's bound of 5 minutes.
        long seconds = (System.nanoTime() - heldAt) / 1_000_000_000L;
        assertEquals(end.status(), 0, end.toString());
        assertEquals(naming.setTags().stream().toList(), List.of(2, 4), "the newest two sets commit; 1 and 3 never do");
        for (int tag : List.of(1, 3)) {
            String set = naming.setFile(tag).toString();
            assertEquals(end.err().lines().filter(l -> l.startsWith("jckpt: checkpoint " + set + " not committed: task ")).count(),
                    1L, end.err());
        }
        assertFalse(end.err().contains("Exception in thread"), end.err());
        System.out.println("the job ended " + seconds + " s after its program was let go");
        FileTrees.delete(dir);
    }

    /** Sets 0 to 4 by {@code jckpt checkpoint}: 1 fails in its seal, 3 in its flush, the others commit. */
    private static void checkpoints(Cli.Running job, SetNaming naming) throws Exception {
        String id = Jobs.jobId(job);
        for (int tag = 0; tag < 5; tag++) {
            Cli.Result ck = Cli.run("checkpoint", id);
            boolean faulty = tag == 1 || tag == 3;
            assertEquals(ck.status(), faulty ? 1 : 0, "set " + tag + ": " + ck + "\n--- job\n" + job.errText());
            if (faulty) {
                assertTrue(ck.err().contains("fault injected by JCKPT_TEST_FAULTS in the " + (tag == 1 ? "seal" : "flush")
                        + " of set " + tag), ck.toString());
                awaitCopiesFreed(Jobs.localLevel(job.errText()), tag);
            } else {
                assertEquals(ck.out().strip(), naming.setFile(tag).toString());
            }
        }
    }

    /**
     * Waits until no copy of set {@code tag} is left on the node-local level: the tasks free them on
     * task 0's order, which follows its answer. The bound only catches copies that stay.
     */
    private static void awaitCopiesFreed(Path level, int tag) throws Exception {
        List<Path> left = localCopies(level, "faults." + tag, "faults.\\d+." + tag);
        for (long end = System.nanoTime() + Duration.ofMinutes(2).toNanos(); !left.isEmpty() && System.nanoTime() < end; ) {
            Thread.sleep(50);
            left = localCopies(level, "faults." + tag, "faults.\\d+." + tag);
        }
        assertEquals(left, List.of(), "set " + tag + "'s copies are freed");
    }

    /** Files in the node-local level {@code level} named {@code setFile} or matching {@code taskFiles}. */
    private static List<Path> localCopies(Path level, String setFile, String taskFiles) throws Exception {
        try (Stream<Path> all = Files.list(level)) {
            return all.filter(p -> p.getFileName().toString().equals(setFile) || p.getFileName().toString().matches(taskFiles))
                    .toList();
        }
    }
}
