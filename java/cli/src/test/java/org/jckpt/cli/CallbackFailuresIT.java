package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * A callback that throws on one task fails that checkpoint on every task, naming the task, and
 * never hangs the job: the previous set stays the newest and the job goes on (see CallbackFaults).
 */
public class CallbackFailuresIT {
    private static final String PROGRAM = "org.jckpt.cli.programs.CallbackFaults";
    private static final Path TEST_CLASSES = Cli.HOME.resolve("java/cli/target/test-classes");

    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @DataProvider
    public Object[][] checkpointCallbacks() {
        return new Object[][] {{"app", "onCheckpoint"}, {"app", "onResume"}, {"dmtcp", "onCheckpoint"}, {"dmtcp", "onResume"}};
    }

    @Test(dataProvider = "checkpointCallbacks")
    public void aCompleteCheckpointFailsOnEveryTaskAndTheJobGoesOn(String engine, String callback) throws Exception {
        requireEngine(engine);
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Result run = Cli.start(Map.of(), runArgs(engine, dir, callback, "complete", "300")).waitFor(Duration.ofMinutes(10));
        assertEquals(run.status(), 0, run.toString());
        for (int task = 0; task < 4; task++) {
            String cause = task == 1 ? "IOException" : "RemoteTaskException";
            assertTrue(run.out().contains("task " + task + " failed: task 1 cause " + cause), run.toString());
            assertTrue(run.out().contains("task " + task + " done at step 300"), run.toString());
        }
        assertTrue(run.out().contains(callback + " failed on task 1"), run.toString());
        assertOnlyFirstSetCommitted(dir);
    }

    /** The DMTCP engine runs only onResume after a checkpoint a task did not take itself. */
    @DataProvider
    public Object[][] unaskedCallbacks() {
        return new Object[][] {{"app", "onCheckpoint"}, {"dmtcp", "onResume"}};
    }

    @Test(dataProvider = "unaskedCallbacks")
    public void aPartialCheckpointCompletesItsFutureExceptionally(String engine, String callback) throws Exception {
        requireEngine(engine);
        Path dir = Files.createTempDirectory("ckpt");
        // DMTCP: the first partial checkpoint comes a few seconds in (one right after start crashed DMTCP 5.0 here).
        String steps = engine.equals("dmtcp") ? "6000" : "900";
        Cli.Result run = Cli.start(Map.of(), runArgs(engine, dir, callback, "partial", steps)).waitFor(Duration.ofMinutes(10));
        assertEquals(run.status(), 0, run.toString());
        assertTrue(run.out().contains("task 0 failed: org.jckpt.api.CheckpointException")
                && run.out().contains(callback + " failed on task 1"), run.toString());
        assertOnlyFirstSetCommitted(dir);
    }

    @Test(dataProvider = "unaskedCallbacks")
    public void aSystemInitiatedCheckpointFailsJckptCheckpoint(String engine, String callback) throws Exception {
        requireEngine(engine);
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Running job = Cli.start(Map.of(), runArgs(engine, dir, callback, "system", "1000000000"));
        try {
            String id = Jobs.jobId(job);
            assertEquals(Cli.run("checkpoint", id).status(), 0);
            Cli.Result failed = Cli.run("checkpoint", id);
            assertEquals(failed.status(), 1, failed.toString());
            assertTrue(failed.err().contains(callback + " failed on task 1"), failed.toString());
            assertTrue(job.process().isAlive(), "the job goes on after a failed checkpoint");
            assertEquals(Cli.run("checkpoint", id).status(), 0, "the next checkpoint commits");
            SetNaming naming = new SetNaming(dir, "callbackfaults");
            assertEquals(naming.setTags().size(), 2, "sets in " + dir);
            assertEquals(Cli.run("verify", naming.setFile(naming.setTags().last()).toString()).status(), 0);
        } finally {
            job.killWholeJob();
        }
    }

    @Test
    public void aFailingOnRestartFailsTheRestart() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Path flag = dir.resolve("fail-restart");
        Cli.Result run = Cli.start(Map.of(), runArgs("app", dir, "onRestart", "complete", "300", flag.toString()))
                .waitFor(Duration.ofMinutes(10));
        assertEquals(run.status(), 0, run.toString());
        Files.createFile(flag);
        Cli.Result failed = Cli.run("restart", "--latest", dir.resolve("callbackfaults").toString());
        assertNotEquals(failed.status(), 0, failed.toString());
        assertTrue(failed.err().contains("onRestart failed on task 1"), failed.toString());
        Files.delete(flag);
        Cli.Result restarted = Cli.run("restart", "--latest", dir.resolve("callbackfaults").toString());
        assertEquals(restarted.status(), 0, restarted.toString());
    }

    @Test
    public void aFailingOnRestartFailsADmtcpRestart() throws Exception {
        Cli.requireDmtcp();
        Path dir = Files.createTempDirectory("ckpt");
        Path flag = dir.resolve("fail-restart");
        Cli.Running job = Cli.start(Map.of(), runArgs("dmtcp", dir, "onRestart", "system", "1000000000", flag.toString()));
        try {
            assertEquals(Cli.run("checkpoint", Jobs.jobId(job)).status(), 0);
        } finally {
            job.killWholeJob();
        }
        Files.createFile(flag);
        Cli.Result failed = Cli.run("restart", "--latest", dir.resolve("callbackfaults").toString());
        assertNotEquals(failed.status(), 0, failed.toString());
        assertTrue(failed.err().contains("restart failed: onRestart failed on task 1"), failed.toString());
    }

    private static String[] runArgs(String engine, Path dir, String... program) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--engine", engine, "-np", "4", "--ckpt-dir",
                dir.toString(), "--cp", TEST_CLASSES.toString(), "--", PROGRAM, program[0], "1", program[1], program[2]));
        args.addAll(List.of(program).subList(3, program.length));
        return args.toArray(String[]::new);
    }

    private static void requireEngine(String engine) {
        if (engine.equals("dmtcp")) {
            Cli.requireDmtcp();
        }
    }

    /** The first checkpoint committed; the second, whose callback failed, left no set and no file. */
    private static void assertOnlyFirstSetCommitted(Path dir) throws Exception {
        SetNaming naming = new SetNaming(dir, "callbackfaults");
        assertEquals(naming.setTags().stream().toList(), List.of(0), "sets in " + dir);
        try (var files = Files.list(dir)) {
            List<String> second = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".1")).toList();
            assertEquals(second, List.of(), "files of the failed set");
        }
        assertEquals(Cli.run("verify", naming.setFile(0).toString()).status(), 0);
    }
}
