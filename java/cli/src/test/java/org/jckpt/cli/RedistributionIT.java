package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Restarts with another task count: the whole job SIGKILLed past a committed set, then
 * {@code restart -np M --latest}: the checksum of an uninterrupted run, which does not depend on
 * the task count. A damaged block is found by the task that reads it; task-bound sets are refused.
 */
public class RedistributionIT {
    // Few iterations of much work each: a loaded machine's scheduling delays each halo exchange.
    private static final int N = 384;
    private static final int ITERS = 1250;
    private static final String[] HEAT = {"org.jckpt.examples.Heat", "--n", Integer.toString(N), "--iters", Integer.toString(ITERS)};
    private static final String[] PARTICLES = {"org.jckpt.examples.Particles", "--particles", "20000", "--iters", "3000"};
    private String heatChecksum;
    private String particlesChecksum;

    @BeforeClass
    public void references() throws Exception {
        Cli.requireOpenMpi();
        heatChecksum = HeatReference.checksum(N, ITERS);
        List<String> args = new ArrayList<>(List.of("run", "-np", "1", "--ckpt-dir", Files.createTempDirectory("ref").toString(), "--"));
        args.addAll(List.of(PARTICLES));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(r.status(), 0, r.toString());
        particlesChecksum = r.lastLine();
    }

    @Test
    public void heatFourToTwo() throws Exception {
        killAndRestart(HEAT, "62", 4, 2, heatChecksum);
    }

    @Test
    public void heatTwoToFour() throws Exception {
        killAndRestart(HEAT, "62", 2, 4, heatChecksum);
    }

    @Test
    public void heatFourToThree() throws Exception {
        killAndRestart(HEAT, "62", 4, 3, heatChecksum);
    }

    @Test
    public void heatThreeToOne() throws Exception {
        killAndRestart(HEAT, "62", 3, 1, heatChecksum);
    }

    @Test
    public void particlesFourToThree() throws Exception {
        killAndRestart(PARTICLES, "1000", 4, 3, particlesChecksum);
    }

    @Test
    public void particlesTwoToFour() throws Exception {
        killAndRestart(PARTICLES, "1000", 2, 4, particlesChecksum);
    }

    @Test
    public void aFlippedBitIsFoundByTheTaskThatReadsItAndLatestFallsBack() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Result run = Cli.run(args(List.of("run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-every", "562"), HEAT));
        assertEquals(run.status(), 0, run.toString());
        SetNaming naming = new SetNaming(dir, "heat");
        int newest = naming.setTags().last();
        // Old task 3's rows go to new task 1 of 2, and only there: the middle of its grid.
        CheckpointSet set = SetFiles.read(naming.setFile(newest));
        Path damaged = dir.resolve(set.files().get(3).file());
        flipBit(damaged, set.files().get(3).index().offset() / 2);

        Cli.Result r = Cli.run("restart", "-np", "2", "--latest", dir.resolve("heat").toString());
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("the set is damaged (found by task 1): " + damaged + ": block 0"), r.toString());
        assertTrue(r.err().contains("falling back to the previous committed set " + naming.setFile(newest - 1)), r.toString());
        assertTrue(r.out().contains("restarted at"), r.toString());
        assertEquals(r.lastLine(), heatChecksum, r.toString());
    }

    @Test
    public void aSetWithTaskLocalItemsIsRefusedForAnotherTaskCount() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Result run = Cli.run("run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-every", "3", "--",
                "org.jckpt.examples.Pi", "--samples", "20000000", "--block", "1000000");
        assertEquals(run.status(), 0, run.toString());
        Path set = new SetNaming(dir, "pi").setFile(new SetNaming(dir, "pi").setTags().last());
        Cli.Result r = Cli.run("restart", "-np", "3", set.toString());
        assertEquals(r.status(), 1, r.toString());
        assertEquals(r.err().strip(), "jckpt: " + set + ": written by 2 tasks, this job has 3; it restarts only with 2:"
                + " task-local items progress cannot be redistributed", r.toString());
    }

    /** {@code program} on {@code from} tasks with sets every {@code every} steps, killed after its first, restarted on {@code to}. */
    private void killAndRestart(String[] program, String every, int from, int to, String checksum) throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Running job = Cli.start(Map.of(), args(List.of("run", "-np", Integer.toString(from), "--ckpt-dir", dir.toString(),
                "--ckpt-every", every), program));
        SetNaming naming = SetNaming.resolve(dir.toString(), null, program[0]);
        Jobs.awaitSets(naming, 1, job);
        job.killWholeJob();
        Cli.Result r = Cli.run("restart", "-np", Integer.toString(to), "--latest", dir.resolve(naming.name()).toString());
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("jckpt: restarting " + to + " tasks of " + program[0]) && r.out().contains("restarted at"),
                r.toString());
        assertEquals(r.lastLine(), checksum, r.toString());
    }

    private static String[] args(List<String> options, String[] program) {
        List<String> args = new ArrayList<>(options);
        args.add("--");
        args.addAll(List.of(program));
        return args.toArray(String[]::new);
    }

    private static void flipBit(Path file, long offset) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x10);
        }
    }
}
