package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A partial checkpoint asked for just before the program closes jckpt, with no safe point between:
 * it cannot be taken, and its future says why (programs/PendingAtClose). No timing is involved.
 */
public class PendingAtCloseIT {
    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @Test
    public void aRequestPendingAtCloseFailsSayingTheProgramEnded() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Result run = Cli.run("run", "-np", "4", "--ckpt-dir", dir.toString(),
                "--cp", Cli.HOME.resolve("java/cli/target/test-classes").toString(), "--", "org.jckpt.cli.programs.PendingAtClose");
        assertEquals(run.status(), 0, run.toString());
        // Task 0's own close, or another task's that the coordinator heard first.
        assertTrue(run.out().matches("(?s)failed: the program ended \\(close( on task \\d)?\\) before the checkpoint was taken\n"),
                run.toString());
        assertEquals(new SetNaming(dir, "pendingatclose").setTags().size(), 0, "sets in " + dir);
    }
}
