package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The background flush (issue 16): the pause copies to the node-local level, the set reaches the
 * checkpoint directory afterwards, compressed. Kills at random points, including between the local and the
 * global commit, restart with the uninterrupted checksum; a full directory or local level is said
 * in one line and the job goes on; checkpoints faster than the flush are coalesced, in bounded space.
 */
public class AsyncFlushIT {
    private static final Path TEST_CLASSES = Cli.HOME.resolve("java/cli/target/test-classes");
    private static final int HEAT_N = 1024;
    private static final int HEAT_ITERS = 6000;
    private static final String[] HEAT = {"org.jckpt.examples.Heat", "--n", "" + HEAT_N, "--iters", "" + HEAT_ITERS};
    private static final String[] PI = {"org.jckpt.examples.Pi", "--samples", "600000000", "--block", "1000000"};
    private final long seed = Long.getLong("jckpt.test.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private String heatChecksum;
    private String piChecksum;

    @BeforeClass
    public void references() throws Exception {
        Cli.requireOpenMpi();
        heatChecksum = HeatReference.checksum(HEAT_N, HEAT_ITERS);
        Cli.Result pi = run(Files.createTempDirectory("ref"), PI, "--flush", "sync");
        assertEquals(pi.status(), 0, pi.toString());
        piChecksum = pi.lastLine();
    }

    @Test
    public void stateChangedRightAfterTheCheckpointReturnsIsNotInTheSet() throws Exception {
        Path dir = Files.createTempDirectory("changed");
        Cli.Result r = Cli.run("run", "-np", "4", "--ckpt-dir", dir.toString(), "--cp", TEST_CLASSES.toString(), "--",
                "org.jckpt.cli.programs.ChangedAfterCheckpoint", "4000000");
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("pause for a copy to"), r.toString());
        Cli.Result restarted = Cli.run("restart", dir.resolve("changedaftercheckpoint.0").toString());
        assertEquals(restarted.status(), 0, restarted.toString());
        for (int task = 0; task < 4; task++) {
            assertTrue(restarted.out().contains("task " + task + " restored 1 distinct values, first 1.0"), restarted.toString());
        }
        FileTrees.delete(dir);
    }

    @Test
    public void heatKilledAtRandomPointsRestartsRight() throws Exception {
        killAndRestart(HEAT, heatChecksum, false, "--ckpt-every", "2s", "--compress", "zstd");
    }

    @Test
    public void piKilledAtRandomPointsRestartsRight() throws Exception {
        killAndRestart(PI, piChecksum, false, "--ckpt-every", "1s", "--compress", "lz4");
    }

    /** Killed as soon as a set is committed on the node-local level, before its flush can commit it. */
    @Test
    public void killedBetweenTheLocalAndTheGlobalCommitRestartsFromTheNewestSet() throws Exception {
        String[] bigHeat = {"org.jckpt.examples.Heat", "--n", "4096", "--iters", "400"};
        killAndRestart(bigHeat, HeatReference.checksum(4096, 400), true, "--ckpt-every", "50", "--compress", "zstd:3");
    }

    @Test
    public void aFullCheckpointDirectoryIsOneLineAndTheJobGoesOn() throws Exception {
        Path dir = Mounts.smallTmpfs("20m");
        try {
            Cli.Result r = run(dir, HEAT, "--ckpt-every", "1s");
            assertEquals(r.status(), 0, r.toString());
            assertEquals(r.lastLine(), heatChecksum, r.toString());
            assertTrue(r.err().contains("No space left on device") && r.err().contains("the previous set is intact"), r.toString());
            SetNaming naming = new SetNaming(dir, "heat");
            assertFalse(naming.setTags().isEmpty(), "no set committed before the directory filled: " + r);
            assertAllVerify(naming);
        } finally {
            Mounts.unmount(dir);
        }
    }

    @Test
    public void aFullLocalLevelFallsBackToSynchronousCheckpoints() throws Exception {
        Path local = Mounts.smallTmpfs("1m");
        try {
            Path dir = Files.createTempDirectory("nolocal");
            Cli.Result r = run(dir, HEAT, "--ckpt-every", "1s", "--local-dir", local.toString());
            assertEquals(r.status(), 0, r.toString());
            assertEquals(r.lastLine(), heatChecksum, r.toString());
            assertTrue(r.err().contains("is written synchronously: no room on " + local), r.toString());
            assertAllVerify(new SetNaming(dir, "heat"));
        } finally {
            Mounts.unmount(local);
        }
    }

    /**
     * A checkpoint every iteration of a 32 MiB grid: where the flush falls behind it coalesces, in
     * bounded space. Of the last 20 sets, kept, those that superseded others name them in {@code list}. (With only the
     * last two kept, whether they coalesced depended on how the burst ended: a fast file system
     * could flush the second last before the last was taken.)
     */
    @Test
    public void checkpointsFasterThanTheFlushAreCoalescedInBoundedSpace() throws Exception {
        Path dir = Files.createTempDirectory("coalesce");
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-every", "1",
                "--keep", "20", "--", "org.jckpt.examples.Heat", "--n", "2048", "--iters", "100");
        SetNaming naming = new SetNaming(dir, "heat");
        int mostCopies = 0;
        while (job.process().isAlive()) {
            mostCopies = Math.max(mostCopies, localCopies(naming));
            Thread.sleep(5);
        }
        Cli.Result r = job.waitFor(java.time.Duration.ofMinutes(5));
        assertEquals(r.status(), 0, r.toString());
        assertEquals(r.lastLine(), HeatReference.checksum(2048, 100), r.toString());
        assertTrue(mostCopies <= 3 * 4, "at most three copies per task on the local level, saw " + mostCopies);
        // Where the flush kept up (a tmpfs checkpoint directory), every checkpoint committed; where it
        // fell behind, the kept sets skip tags, and those that superseded others say so.
        List<Integer> kept = List.copyOf(naming.setTags());
        Cli.Result list = Cli.run("list", dir.toString());
        if (kept.get(kept.size() - 1) - kept.get(0) + 1 > kept.size()) {
            assertTrue(list.out().contains("(coalesced "), list.toString());
        } else {
            assertEquals(kept.get(kept.size() - 1), Integer.valueOf(99), "the flush kept up, so every checkpoint commits: " + list);
        }
        assertEquals(naming.allTags(true), naming.setTags(), "task files of sets that never committed were left");
        assertEquals(localCopies(naming), 0, "local copies left after a normal end");
        FileTrees.delete(dir);
    }

    private static int localCopies(SetNaming naming) throws Exception {
        Optional<SetNaming> local = LocalLevel.existing(LocalLevel.DEFAULT_ROOT, naming);
        if (local.isEmpty()) {
            return 0;
        }
        try (Stream<Path> files = Files.list(local.get().dir())) {
            return (int) files.filter(f -> f.getFileName().toString().matches("heat\\.\\d+\\.\\d+(\\.part)?")).count();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    private void killAndRestart(String[] program, String checksum, boolean atLocalCommit, String... options) throws Exception {
        Path dir = Files.createTempDirectory("async");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, program[0]);
        Cli.Running job = Cli.start(Map.of(), args(dir, program, options));
        if (atLocalCommit) {
            awaitLocalSet(naming, job);
        } else {
            Jobs.awaitSets(naming, 1, job);
            Thread.sleep(random.nextInt(1500));
        }
        job.killWholeJob();
        assertAllVerify(naming);
        Optional<SetNaming> local = LocalLevel.existing(LocalLevel.DEFAULT_ROOT, naming);
        boolean newerLocally = local.isPresent() && !local.get().setTags().isEmpty()
                && (naming.setTags().isEmpty() || local.get().setTags().last() > naming.setTags().last());
        Cli.Result r = Cli.run("restart", "--latest", dir.resolve(naming.name()).toString());
        assertEquals(r.status(), 0, "seed " + seed + ": " + r);
        assertEquals(r.lastLine(), checksum, "seed " + seed + ": " + r);
        assertEquals(r.err().contains("on the node-local level"), newerLocally, "seed " + seed + ": " + r);
        FileTrees.delete(dir);
    }

    private static void awaitLocalSet(SetNaming naming, Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + 120_000_000_000L; System.nanoTime() < end && job.process().isAlive(); ) {
            Optional<SetNaming> local = LocalLevel.existing(LocalLevel.DEFAULT_ROOT, naming);
            if (local.isPresent() && !local.get().setTags().isEmpty()) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no set committed on the node-local level: " + job.errText());
    }

    /** Every set listed as committed verifies, in the directory and on the local level. */
    private static void assertAllVerify(SetNaming naming) throws Exception {
        List<Path> sets = new ArrayList<>();
        naming.setTags().forEach(t -> sets.add(naming.setFile(t)));
        Optional<SetNaming> local = LocalLevel.existing(LocalLevel.DEFAULT_ROOT, naming);
        if (local.isPresent()) {
            local.get().setTags().forEach(t -> sets.add(local.get().setFile(t)));
        }
        for (Path set : sets) {
            Cli.Result v = Cli.run("verify", set.toString());
            assertEquals(v.status(), 0, set + " is listed as committed but does not verify: " + v);
        }
    }

    private static Cli.Result run(Path dir, String[] program, String... options) throws Exception {
        return Cli.run(args(dir, program, options));
    }

    private static String[] args(Path dir, String[] program, String... options) {
        List<String> args = new ArrayList<>(List.of("run", "-np", "4", "--ckpt-dir", dir.toString()));
        args.addAll(List.of(options));
        args.add("--");
        args.addAll(List.of(program));
        return args.toArray(String[]::new);
    }
}
