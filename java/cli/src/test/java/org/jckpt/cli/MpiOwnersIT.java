package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** Programs that ask MPI for a thread level, or start MPI themselves, checkpoint as any other (see MpiOwners). */
public class MpiOwnersIT {
    private static final String PROGRAM = "org.jckpt.cli.programs.MpiOwners";
    private static final Path TEST_CLASSES = Cli.HOME.resolve("java/cli/target/test-classes");

    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @Test
    public void aSecondThreadCallsMpiDuringCheckpointsWithThreadMultiple() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Result run = Cli.run(Map.of(), "run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-every", "500",
                "--cp", TEST_CLASSES.toString(), "--", PROGRAM, "thread", "3000");
        assertEquals(run.status(), 0, run.toString());
        for (int task = 0; task < 2; task++) {
            assertTrue(run.out().contains("task " + task + " thread level multiple"), run.toString());
            assertTrue(run.out().contains("task " + task + " took 6 checkpoints"), run.toString());
            assertTrue(run.out().contains("task " + task + " second thread sum 6000"), run.toString());
        }
        assertEquals(Cli.run("verify", new SetNaming(dir, "mpiowners").setFile(5).toString()).status(), 0);
    }

    @Test
    public void aProgramThatStartedMpiFinalizesItItself() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Result run = Cli.run(Map.of(), "run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-every", "100",
                "--cp", TEST_CLASSES.toString(), "--", PROGRAM, "join", "300");
        assertEquals(run.status(), 0, run.toString());
        for (int task = 0; task < 2; task++) {
            assertTrue(run.out().contains("task " + task + " took 3 checkpoints"), run.toString());
            assertTrue(run.out().contains("task " + task + " MPI still initialised: true"), run.toString());
        }
        SetNaming naming = new SetNaming(dir, "mpiowners");
        Cli.Result restarted = Cli.run("restart", naming.setFile(naming.setTags().last()).toString());
        assertEquals(restarted.status(), 0, restarted.toString());
    }
}
