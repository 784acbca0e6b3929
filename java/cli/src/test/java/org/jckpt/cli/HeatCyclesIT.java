package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.jckpt.store.FileTrees;
import org.jckpt.store.SetNaming;
import org.testng.SkipException;
import org.testng.annotations.Test;

/**
 * Heat on 4 tasks, checkpointed, SIGKILLed and restarted, {@code -Djckpt.heatCycles=N} times in a
 * row: none may crash. Under Open MPI 5 with UCX most such runs crashed until jckpt set
 * UCX_ERROR_SIGNALS for the tasks. Off unless asked for (minutes per ten cycles).
 */
public class HeatCyclesIT {
    private static final int N = 512;
    private static final int ITERS = Integer.getInteger("jckpt.heatCycles.iters", 20_000);
    private static final String HEAT = "org.jckpt.examples.Heat";
    private final Random random = new Random();

    @Test
    public void heatSurvivesCheckpointKillAndRestartEveryTime() throws Exception {
        int cycles = Integer.getInteger("jckpt.heatCycles", 0);
        if (cycles <= 0) {
            throw new SkipException("checkpoint/kill/restart cycles not asked for (-Djckpt.heatCycles=N)");
        }
        Cli.requireOpenMpi();
        CompletableFuture<String> reference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, ITERS));
        for (int cycle = 1; cycle <= cycles; cycle++) {
            long t0 = System.nanoTime();
            cycle(reference);
            System.out.printf("cycle %d of %d passed in %d s%n", cycle, cycles, (System.nanoTime() - t0) / 1_000_000_000);
        }
    }

    private void cycle(CompletableFuture<String> reference) throws Exception {
        Path dir = Files.createTempDirectory("cycles");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "4", "--ckpt-dir", dir.toString(), "--",
                HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(ITERS));
        try {
            String id = Jobs.jobId(job);
            Thread.sleep(500 + random.nextInt(2000));
            Cli.Result ck = Cli.run("checkpoint", id);
            assertEquals(ck.status(), 0, ck + "\n--- job's stderr\n" + job.errText());
            assertEquals(Path.of(ck.out().strip()), naming.setFile(0));
            assertTrue(job.process().isAlive(), "the job ended before it could be killed: " + job.errText());
        } finally {
            job.killWholeJob();
        }
        assertFalse(job.errText().contains("Caught signal"), job.errText());
        Cli.Result r = Cli.start(Map.of(), "restart", "--latest", dir.resolve(naming.name()).toString())
                .waitFor(Duration.ofMinutes(5));
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.out().contains("restarted at"), r.toString());
        assertEquals(r.lastLine(), reference.get(), r.toString());
        FileTrees.delete(dir);
    }
}
