package org.jckpt.cli;

import static org.jckpt.cli.NetnsHosts.H1;
import static org.jckpt.cli.NetnsHosts.H2;
import static org.jckpt.cli.NetnsHosts.HEAT;
import static org.jckpt.cli.NetnsHosts.ITERS;
import static org.jckpt.cli.NetnsHosts.N;
import static org.jckpt.cli.NetnsHosts.NETNS;
import static org.jckpt.cli.NetnsHosts.onHost;
import static org.jckpt.cli.NetnsHosts.runLosing;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksums;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Surviving the loss of a node from the other nodes' memory (issue 23): sets that live on the two
 * test hosts' local levels only ({@code --flush-every 0}), each host's copies also kept by the
 * other ({@code --redundancy partner}), and restarts that rebuild them from what is left.
 */
public class NodeLossIT extends NetnsHosts.Suite {
    /** Iterations of the jobs killed and restarted by hand: a quarter, as the restart runs most of them again. */
    private static final int KILLED_ITERS = ITERS / 4;
    private CompletableFuture<String> reference;
    private CompletableFuture<String> killedReference;

    /** The uninterrupted results, computed while the jobs run; once the hosts are up. */
    @BeforeClass
    public void references() {
        reference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, ITERS));
        killedReference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, KILLED_ITERS));
    }

    /**
     * {@code --redundancy partner --flush-every 0}: the sets live on the two hosts' local levels
     * only, each host's copies also on the other. Once one committed, jckpt-h2 is lost (its tasks
     * killed, its local directory deleted, its name removed): the launcher restarts the job on
     * jckpt-h1 alone with two tasks, whose rebuild takes jckpt-h2's copies from the partner copies
     * jckpt-h1 kept, and the job ends with the uninterrupted result; the checkpoint directory never
     * held a set file.
     */
    @Test
    public void aJobThatLostAHostRestartsFromThePartnerCopiesTheOtherHostKept() throws Exception {
        Path dir = Files.createTempDirectory("partner");
        Path local = Files.createTempDirectory("partner-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);

        Cli.Result r = runLosing(NETNS.resolve("hosts-both"), 4, dir, List.of("--redundancy", "partner", "--flush-every", "0",
                "--local-dir", local.resolve("%h").toString()),
                job -> Jobs.awaitSets(localLevel(local.resolve(H1), naming, job), 1, job), Set.of(H2), local);

        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("--redundancy partner: each node's copies are also kept on the next of the job's 2 nodes"),
                r.toString());
        assertTrue(r.err().contains("; restart 1 of 2 with 2 tasks (was 4) from " + local.resolve(H1)), r.toString());
        assertTrue(Pattern.compile("restarting from set \\d+ on the node-local level \\(the copies of tasks \\d, \\d, lost with "
                + H2 + ", rebuilt from partner copies\\)").matcher(r.err()).find(), r.toString());
        assertEquals(r.lastLine(), reference.get(), r.toString());
        assertEquals(naming.setTags(), Set.of(), "set files in the checkpoint directory " + dir);
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    /**
     * A partner copy with a flipped bit is found by its checksum and not used: a job on both hosts
     * with {@code --redundancy partner --flush-every 0} is killed once two sets committed on the
     * local level; jckpt-h2's directory goes, and one of the partner copies jckpt-h1 kept of the newest
     * set gets a flipped bit. {@code restart --latest} on jckpt-h1 alone says the copy is damaged,
     * that the newest set cannot be rebuilt, falls back to the set before it, and ends with the
     * uninterrupted result.
     */
    @Test
    public void aDamagedPartnerCopyIsPassedOverForTheSetBefore() throws Exception {
        Path dir = Files.createTempDirectory("partner-flip");
        Path local = Files.createTempDirectory("partner-flip-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        Cli.Running job = onHost(H1, "run", "-np", "4", "--hostfile", NETNS.resolve("hosts-both").toString(), "--ckpt-dir",
                dir.toString(), "--local-dir", local.resolve("%h").toString(), "--ckpt-every", "2000", "--redundancy", "partner",
                "--flush-every", "0", "--", HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(KILLED_ITERS));
        SetNaming level;
        try {
            level = localLevel(local.resolve(H1), naming, job);
            Jobs.awaitSets(level, 2, job);
        } finally {
            job.killWholeJob();
        }
        int newest = level.setTags().last();
        Path previous = level.setFile(level.setTags().headSet(newest).last());
        FileTrees.delete(local.resolve(H2));
        Path piece = level.dir().resolve(".pieces").resolve(naming.name() + ".2." + newest);
        flipABit(piece);
        Path hostfile = dir.resolve("hosts-h1");
        Files.writeString(hostfile, H1 + " slots=2\n");

        Cli.Result r = onHost(H1, "restart", "-np", "2", "--hostfile", hostfile.toString(), "--local-dir",
                local.resolve("%h").toString(), "--latest", dir.resolve(naming.name()).toString()).waitFor(Duration.ofMinutes(10));

        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("the partner copy " + piece + " is damaged"), r.toString());
        assertTrue(r.err().contains(level.setFile(newest) + " cannot be rebuilt from the nodes this run has"), r.toString());
        assertTrue(r.err().contains("falling back to the previous committed set " + previous), r.toString());
        assertEquals(r.lastLine(), killedReference.get(), r.toString());
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    /**
     * The job SIGKILLed at a random point while its partner copies are being built: every set
     * either host lists as committed on its local level has every task's copy on the task's host and
     * its partner copy on the partner's, each matching the set's CRC; {@code restart --latest} gives
     * the uninterrupted result.
     */
    @Test
    public void aJobKilledWhileItsPartnerCopiesAreBuiltLeavesOnlySetsThatRebuild() throws Exception {
        long seed = Long.getLong("jckpt.test.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("partner-kill");
        Path local = Files.createTempDirectory("partner-kill-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        String[] options = {"--hostfile", NETNS.resolve("hosts-both").toString(), "--local-dir", local.resolve("%h").toString(),
                "--redundancy", "partner", "--flush-every", "0"};
        Cli.Running job = onHost(H1, concat(new String[] {"run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-every",
                "1000"}, options, new String[] {"--", HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(KILLED_ITERS)}));
        try {
            Jobs.awaitSets(localLevel(local.resolve(H1), naming, job), 1, job);
            Thread.sleep(random.nextInt(1500));
        } finally {
            job.killWholeJob();
        }
        assertEverySetProtected(local, naming, "seed " + seed);

        Cli.Result r = onHost(H1, concat(new String[] {"restart"}, options, new String[] {"--latest",
                dir.resolve(naming.name()).toString()})).waitFor(Duration.ofMinutes(10));
        assertEquals(r.status(), 0, "seed " + seed + ": " + r);
        assertEquals(r.lastLine(), killedReference.get(), "seed " + seed + ": " + r);
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    /** Every local set file on either host: each task's copy on its host, its partner copy on its partner's, as the set says. */
    private static void assertEverySetProtected(Path local, SetNaming global, String context) throws Exception {
        for (String host : List.of(H1, H2)) {
            Optional<SetNaming> level = LocalLevel.existing(local.resolve(host), global);
            if (level.isEmpty()) {
                continue;
            }
            for (int tag : level.get().setTags()) {
                CheckpointSet set = SetFiles.read(level.get().setFile(tag));
                Path relative = local.resolve(host).relativize(level.get().dir());
                String[] partners = set.engineInfo().get("partners").split(",");
                for (CheckpointSet.FileEntry f : set.files()) {
                    int task = Integer.parseInt(f.task());
                    Path copy = local.resolve(set.hosts().get(task)).resolve(relative).resolve(f.file());
                    Path piece = local.resolve(partners[task]).resolve(relative).resolve(".pieces").resolve(f.file());
                    for (Path p : List.of(copy, piece)) {
                        assertTrue(Files.exists(p), context + ": " + level.get().setFile(tag) + " is committed, but " + p + " is missing");
                        assertEquals(Checksums.crcAndSize(p, Progress.NONE).crcHex(), f.crc32c(), context + ": " + p);
                    }
                }
            }
        }
    }

    private static void flipABit(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
    }

    /** The naming of the local level under {@code root} of the job's checkpoints {@code global}, once the job made it. */
    private static SetNaming localLevel(Path root, SetNaming global, Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + Duration.ofSeconds(120).toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
            Optional<SetNaming> level = LocalLevel.existing(root, global);
            if (level.isPresent()) {
                return level.get();
            }
        }
        throw new AssertionError("no local level under " + root + ": " + job.errText());
    }
}
