package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** {@code --max-restarts}: a failed job restarts on its own from its newest set, and stops when that makes no progress. */
public class AutoRestartIT {
    // Few iterations of much work each: a loaded machine's scheduling delays each halo exchange.
    private static final int N = 1024;
    private static final int ITERS = 1875;
    private static final String HEAT = "org.jckpt.examples.Heat";
    private CompletableFuture<String> reference;

    @BeforeClass
    public void reference() throws Exception {
        Cli.requireOpenMpi();
        reference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, ITERS));
    }

    @Test
    public void aTaskKilledAfterASetCommittedRestartsTheJobFromItsNewestSet() throws Exception {
        Path dir = Files.createTempDirectory("auto");
        SetNaming naming = new SetNaming(dir, "heat");
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-every", "250",
                "--max-restarts", "2", "--", HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(ITERS));
        Cli.Result r;
        try {
            Jobs.awaitSets(naming, 1, job);
            Jobs.task(job, 2).destroyForcibly();
            r = job.waitFor(Duration.ofMinutes(10));
        } finally {
            job.killWholeJob();
        }
        assertEquals(r.status(), 0, r.toString());
        String from = Jobs.setDirectories(r.err(), dir);
        assertTrue(r.err().matches("(?s).*jckpt: job failed \\(" + Cli.killedTaskCause(r, 2) + "\\); restart 1 of 2 from " + from
                + "/heat\\.\\d+\n.*"),
                r.toString());
        assertTrue(r.err().contains("jckpt: 1 automatic restart\n"), r.toString());
        assertTrue(r.out().contains("restarted at iteration"), r.toString());
        assertEquals(r.lastLine(), reference.get(), r.toString());
        assertEquals(RecordedOptions.of(SetFiles.read(naming.setFile(naming.setTags().last())).program()).restarts(), 1,
                "a set written after the restart records it");
    }

    @Test
    public void aJobFailingAgainFromTheSameSetStops() throws Exception {
        Path dir = Files.createTempDirectory("auto");
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "4", "--ckpt-dir", dir.toString(), "--max-restarts", "2", "--",
                HEAT, "--n", Integer.toString(N), "--iters", "10000000");
        Cli.Result r;
        try {
            assertEquals(Cli.run("checkpoint", Jobs.jobId(job)).status(), 0, job.errText());
            ProcessHandle first = Jobs.task(job, 1);
            first.destroyForcibly();
            awaitTask(job, 1, first).destroyForcibly(); // the restarted task, before any new set
            r = job.waitFor(Duration.ofMinutes(5));
        } finally {
            job.killWholeJob();
        }
        assertNotEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("; restart 1 of 2 from " + dir.resolve("heat.0") + "\n"), r.toString());
        assertTrue(r.err().contains("again from " + dir.resolve("heat.0") + ", and no newer set committed since (no progress);"
                + " not restarting\n"), r.toString());
        assertTrue(r.err().contains("jckpt: 1 automatic restart\n"), r.toString());
    }

    /** The task of rank {@code rank} that is not {@code old}, once the restarted job has started it. */
    private static ProcessHandle awaitTask(Cli.Running job, int rank, ProcessHandle old) throws Exception {
        for (long end = System.nanoTime() + Duration.ofSeconds(120).toNanos(); System.nanoTime() < end; ) {
            try {
                ProcessHandle task = Jobs.task(job, rank);
                if (task.pid() != old.pid()) {
                    return task;
                }
            } catch (AssertionError notYet) {
                // The restarted job has not started that task yet.
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the restarted job has no task " + rank + ": " + job.errText());
    }
}
