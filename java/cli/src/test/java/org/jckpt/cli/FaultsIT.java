package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jckpt.store.RestartSets;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** Faults never lose the previous committed set, and damaged files are caught before use. */
public class FaultsIT {
    // Few iterations of much work each: a loaded machine's scheduling delays each halo exchange.
    private static final String[] HEAT = {"org.jckpt.examples.Heat", "--n", "1024", "--iters", "1875"};
    private String heatChecksum;

    @BeforeClass
    public void reference() throws Exception {
        Cli.requireOpenMpi();
        heatChecksum = HeatReference.checksum(1024, 1875);
    }

    @Test
    public void aTaskKilledWhileWritingLeavesThePreviousSetTheNewest() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        SetNaming naming = new SetNaming(dir, "heat");
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "4", "--ckpt-dir", dir.toString(), "--",
                HEAT[0], HEAT[1], HEAT[2], HEAT[3], "12500");
        Cli.Result died;
        Cli.Running second;
        try {
            String id = Jobs.jobId(job);
            assertEquals(Cli.run("checkpoint", id).status(), 0);
            // Task 2's next file is a FIFO: its write blocks there, as on a hung disk, until we kill it.
            Mounts.run("mkfifo", naming.taskFile(2, 1) + ".part");
            second = Cli.start(Map.of(), "checkpoint", id);
            Jobs.awaitFile(naming.taskFile(0, 1), job);
            Jobs.task(job, 2).destroyForcibly();
            died = job.waitFor(Duration.ofMinutes(5));
        } finally {
            job.killWholeJob(); // a failed step above would leave 12,500 iterations running
        }
        assertNotEquals(died.status(), 0, died.toString());
        assertNotEquals(second.waitFor(Duration.ofMinutes(5)).status(), 0);
        assertFalse(Files.exists(naming.setFile(1)), "set 1 must not commit without task 2");
        assertEquals(naming.setTags().last(), 0);
        assertEquals(Cli.run("verify", naming.setFile(0).toString()).status(), 0);
    }

    @Test
    public void damagedTaskFilesAreCaughtByVerifyAndRestartAndLatestFallsBack() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        SetNaming naming = new SetNaming(dir, "heat");
        Cli.Result run = Cli.run("run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-every", "437", "--", HEAT[0],
                HEAT[1], HEAT[2], HEAT[3], HEAT[4]);
        assertEquals(run.status(), 0, run.toString());
        int newest = naming.setTags().last();
        Path flipped = naming.taskFile(1, newest);
        flipBit(flipped, 1000);
        Cli.Result verify = Cli.run("verify", naming.setFile(newest).toString());
        assertEquals(verify.status(), 1);
        assertTrue(verify.err().startsWith("jckpt: " + flipped + ": checksum"), verify.toString());
        // The launcher checks sizes; the task that reads the bad block finds it, before loading anything.
        Cli.Result restart = Cli.run("restart", naming.setFile(newest).toString());
        assertEquals(restart.status(), RestartSets.EXIT_DAMAGED_SET, restart.toString());
        assertTrue(restart.err().contains("the set is damaged (found by task 1): " + flipped + ": block 0"), restart.toString());

        Cli.Result latest = Cli.run("restart", "--latest", dir.resolve("heat").toString());
        assertEquals(latest.status(), 0, latest.toString());
        assertTrue(latest.err().contains("falling back to the previous committed set " + naming.setFile(newest - 1)), latest.toString());
        assertEquals(latest.lastLine(), heatChecksum);

        // The restarted run went on checkpointing; its newest set serves the next checks.
        int last = naming.setTags().last();
        String set = naming.setFile(last).toString();
        Cli.Result other = Cli.run("run", "-np", "4", "--restart", set, "--", "org.jckpt.examples.Pi");
        assertEquals(other.status(), 1);
        assertTrue(other.err().contains(set + ": a set of org.jckpt.examples.Heat, not of org.jckpt.examples.Pi"), other.toString());

        try (RandomAccessFile f = new RandomAccessFile(naming.taskFile(3, last).toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        Cli.Result truncated = Cli.run("verify", naming.setFile(last).toString());
        assertEquals(truncated.status(), 1);
        assertTrue(truncated.err().contains(naming.taskFile(3, last) + ": size"), truncated.toString());
    }

    @Test
    public void aFullFileSystemFailsTheCheckpointCleanlyAndTheJobGoesOn() throws Exception {
        // One set of Heat 1024 x 1024 on 4 tasks is ~8.4 MB: the first fits, the second cannot
        // while the first is kept.
        Path dir = Mounts.smallTmpfs("12m");
        try {
            SetNaming naming = new SetNaming(dir, "heat");
            Cli.Result run = Cli.run("run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-every", "750", "--",
                    HEAT[0], HEAT[1], HEAT[2], HEAT[3], HEAT[4]);
            assertEquals(run.status(), 0, run.toString());
            assertEquals(run.lastLine(), heatChecksum);
            assertTrue(run.err().contains("not committed") && run.err().contains("No space left on device")
                    && run.err().contains("the previous set is intact"), run.toString());
            assertEquals(naming.setTags().last(), 0);
            assertEquals(Cli.run("verify", naming.setFile(0).toString()).status(), 0);
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(f -> f.toString().endsWith(".part")), "no unfinished file left");
            }
        } finally {
            Mounts.unmount(dir);
        }
    }

    private static void flipBit(Path file, long offset) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 1);
        }
    }
}
