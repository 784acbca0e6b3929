package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The whole job SIGKILLed at a random point after a set committed, then {@code restart --latest}:
 * the same checksum as an uninterrupted run, for every way of taking checkpoints.
 */
public class RestartEquivalenceIT {
    // Few iterations of much work each: a loaded machine's scheduling delays each halo exchange.
    private static final int HEAT_N = 1024;
    private static final int HEAT_ITERS = 1250;
    private static final String[] HEAT = {"org.jckpt.examples.Heat", "--n", Integer.toString(HEAT_N), "--iters",
        Integer.toString(HEAT_ITERS)};
    private static final String[] PI = {"org.jckpt.examples.Pi", "--samples", "600000000", "--block", "1000000"};
    private final long seed = Long.getLong("jckpt.test.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private String heatChecksum;
    private String piChecksum;

    @BeforeClass
    public void uninterruptedRuns() throws Exception {
        Cli.requireOpenMpi();
        heatChecksum = HeatReference.checksum(HEAT_N, HEAT_ITERS);
        piChecksum = uninterrupted(PI);
    }

    private static String uninterrupted(String[] program) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-np", "4", "--ckpt-dir", Files.createTempDirectory("ref").toString(), "--"));
        args.addAll(List.of(program));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(r.status(), 0, r.toString());
        return r.lastLine();
    }

    @Test
    public void heatWithCompleteCheckpoints() throws Exception {
        killAndRestart(HEAT, heatChecksum, List.of("--ckpt-every", "250"), List.of(), false);
    }

    @Test
    public void heatWithPartialCheckpointsFromOneTask() throws Exception {
        killAndRestart(HEAT, heatChecksum, List.of(), List.of("--partial-every", "250"), false);
    }

    @Test
    public void heatWithSystemInitiatedCheckpoints() throws Exception {
        killAndRestart(HEAT, heatChecksum, List.of(), List.of(), true);
    }

    @Test
    public void piWithCompleteCheckpointsEverySecond() throws Exception {
        killAndRestart(PI, piChecksum, List.of("--ckpt-every", "1s"), List.of(), false);
    }

    @Test
    public void piWithCheckpointsAskedBySigusr1ToTheLauncher() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Running job = start(dir, PI, List.of(), List.of());
        Jobs.jobId(job);
        Thread.sleep(random.nextInt(1000));
        Mounts.run("kill", "-USR1", Long.toString(job.process().pid())); // bin/jckpt execs the launcher
        Jobs.awaitSets(new SetNaming(dir, "pi"), 1, job);
        Thread.sleep(random.nextInt(1500));
        job.killWholeJob();
        assertTrue(job.errText().contains("jckpt: checkpoint committed: " + dir.resolve("pi.0")), job.errText());
        assertRestartGives(dir, PI[0], piChecksum);
    }

    @Test
    public void checkpointDashKStopsTheJobAndItRestarts() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Running job = start(dir, HEAT, List.of(), List.of());
        String id = Jobs.jobId(job);
        Thread.sleep(500 + random.nextInt(1500));
        Cli.Result ck = Cli.run("checkpoint", "-k", id);
        assertEquals(ck.status(), 0, ck.toString());
        Path set = Path.of(ck.out().strip());
        assertTrue(Files.isRegularFile(set), ck.toString());
        Cli.Result stopped = job.waitFor(java.time.Duration.ofMinutes(5));
        assertEquals(stopped.status(), 3, stopped.toString());
        assertRestartGives(dir, HEAT[0], heatChecksum);
    }

    private void killAndRestart(String[] program, String checksum, List<String> runOptions, List<String> programOptions,
                                boolean systemInitiated) throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Running job = start(dir, program, runOptions, programOptions);
        SetNaming naming = SetNaming.resolve(dir.toString(), null, program[0]);
        if (systemInitiated) {
            String id = Jobs.jobId(job);
            Thread.sleep(random.nextInt(1000));
            Cli.Result ck = Cli.run("checkpoint", id);
            assertEquals(ck.status(), 0, ck.toString());
            assertEquals(Path.of(ck.out().strip()), naming.setFile(0));
        }
        Jobs.awaitSets(naming, 1, job);
        Thread.sleep(random.nextInt(1500));
        job.killWholeJob();
        assertRestartGives(dir, program[0], checksum);
    }

    private Cli.Running start(Path dir, String[] program, List<String> runOptions, List<String> programOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-np", "4", "--ckpt-dir", dir.toString()));
        args.addAll(runOptions);
        args.add("--");
        args.addAll(List.of(program));
        args.addAll(programOptions);
        return Cli.start(Map.of(), args.toArray(String[]::new));
    }

    private void assertRestartGives(Path dir, String mainClass, String checksum) throws Exception {
        SetNaming naming = SetNaming.resolve(dir.toString(), null, mainClass);
        Cli.Result r = Cli.run("restart", "--latest", dir.resolve(naming.name()).toString());
        assertEquals(r.status(), 0, "seed " + seed + ": " + r);
        assertTrue(r.out().contains("restarted at"), r.toString());
        assertEquals(r.lastLine(), checksum, "seed " + seed + ": " + r);
    }
}
