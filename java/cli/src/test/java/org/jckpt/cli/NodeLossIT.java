package org.jckpt.cli;

import static org.jckpt.cli.NetnsHosts.ALL;
import static org.jckpt.cli.NetnsHosts.H1;
import static org.jckpt.cli.NetnsHosts.H2;
import static org.jckpt.cli.NetnsHosts.H3;
import static org.jckpt.cli.NetnsHosts.H4;
import static org.jckpt.cli.NetnsHosts.HEAT;
import static org.jckpt.cli.NetnsHosts.ITERS;
import static org.jckpt.cli.NetnsHosts.N;
import static org.jckpt.cli.NetnsHosts.NETNS;
import static org.jckpt.cli.NetnsHosts.TENTH;
import static org.jckpt.cli.NetnsHosts.onHost;
import static org.jckpt.cli.NetnsHosts.runLosing;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.engine.app.redundancy.XorGroups;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksums;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Surviving the loss of a node from the other nodes' memory (issue 23): sets that live on the
 * test hosts' local levels only ({@code --flush-every 0}), each host's copies also kept by another
 * ({@code --redundancy partner}) or rebuildable from its group's XOR parity ({@code xor:3}), and
 * restarts that rebuild them from what is left.
 */
public class NodeLossIT extends NetnsHosts.Suite {
    /** Iterations of the jobs killed and restarted by hand: half, as the restart runs most of them again. */
    private static final int KILLED_ITERS = ITERS / 2;
    /** Ten sets in a killed job's run. */
    private static final String TWENTIETH = Integer.toString(ITERS / 20);
    private CompletableFuture<String> reference;
    private CompletableFuture<String> killedReference;

    /** The uninterrupted results, computed while the jobs run; once the hosts are up. */
    @BeforeClass
    public void references() {
        reference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, ITERS));
        killedReference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, KILLED_ITERS));
    }

    @DataProvider
    public Object[][] losses() {
        return new Object[][] {
            {"partner", "hosts-both", H2, "each node's copies are also kept on the next of the job's 2 nodes", 2,
                "the copies of tasks \\d, \\d, lost with " + H2 + ", rebuilt from partner copies"},
            {"xor:3", "hosts-four", H4, "the job's 4 nodes in 1 group, each node's copies rebuildable from the XOR parity the"
                + " others of its group keep", 3, "the copies of task 3, lost with " + H4 + ", rebuilt from XOR parity"},
        };
    }

    /**
     * {@code --flush-every 0}: the sets live on the hosts' local levels only, protected by
     * {@code scheme}: on the two hosts, each host's copies also on the other ({@code partner}); on
     * the four, one task each, one XOR group of four nodes, each task's parity a third of a copy
     * ({@code xor:3}). Once a set committed, host {@code lost} goes (its tasks killed, its local
     * directory deleted, its name removed): the launcher restarts the job on the hosts left with
     * fewer tasks, whose rebuild takes the lost host's copies from partner copies or decodes them
     * from parity, and the job ends with the uninterrupted result; the checkpoint directory never
     * held a set file.
     */
    @Test(dataProvider = "losses")
    public void aJobThatLostAHostRestartsFromTheOtherHostsMemory(String scheme, String hosts, String lost, String protection,
                                                                 int tasksLeft, String rebuilt) throws Exception {
        Path dir = Files.createTempDirectory("lost-host");
        Path local = Files.createTempDirectory("lost-host-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);

        Cli.Result r = runLosing(NETNS.resolve(hosts), 4, dir, List.of("--redundancy", scheme, "--flush-every", "0",
                "--local-dir", local.resolve("%h").toString()),
                job -> Jobs.awaitSets(localLevel(local.resolve(H1), naming, job), 1, job), Set.of(lost), local);

        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("--redundancy " + scheme + ": " + protection), r.toString());
        assertTrue(r.err().contains("; restart 1 of 2 with " + tasksLeft + " tasks (was 4) from " + local.resolve(H1)), r.toString());
        assertTrue(Pattern.compile("restarting from set \\d+ on the node-local level \\(" + rebuilt + "\\)").matcher(r.err()).find(),
                r.toString());
        assertEquals(r.lastLine(), reference.get(), r.toString());
        assertEquals(naming.setTags(), Set.of(), "set files in the checkpoint directory " + dir);
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    /**
     * {@code bench --redundancy partner} on both hosts, small and once each (its figures are for
     * ci/bench-redundancy.sh, not for a test): every figure it names is measured, a restart rebuilt
     * the lost host's copies from partner copies, and no host keeps the bench's local levels.
     */
    @Test
    public void theRedundancyBenchMeasuresEveryFigureItNames() throws Exception {
        Path dir = Files.createTempDirectory("bench-redundancy");
        Path local = Files.createTempDirectory("bench-redundancy-local");

        Cli.Result r = onHost(H1, "bench", "--redundancy", "partner", "--hostfile", NETNS.resolve("hosts-both").toString(),
                "--local-dir", local.resolve("%h").toString(), "--dir", dir.toString(), "--mib", "4", "--reps", "2",
                "--rounds", "1", "--compute-seconds", "1", "--restart-reps", "1", "--json").waitFor(Duration.ofMinutes(10));

        assertEquals(r.status(), 0, r.toString());
        JsonNode json = new ObjectMapper().readTree(r.out());
        for (String figure : List.of("dd_mbps", "memcpy_ms", "pause_ms_median_async", "tcp_mbps", "commit_ms_median",
                "commit_ms_median_without", "restart_s_partner", "restart_s_global")) {
            assertTrue(json.path(figure).asDouble() > 0, figure + " in " + json);
        }
        assertTrue(json.path("redundancy_mbps").isNumber() && json.path("compute_slowdown").isNumber(), json.toString());
        assertEquals(json.path("restart_tasks").asInt(), 2, json.toString());
        assertTrue(r.err().contains("the copies of tasks 2, 3, lost with " + H2 + ", rebuilt from partner copies"), r.toString());
        try (Stream<Path> left = Files.walk(local)) {
            assertEquals(left.filter(Files::isRegularFile).toList(), List.of(), "files left on the local levels");
        }
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    /**
     * Two nodes of one XOR group lost: {@code --redundancy xor:3 --flush-every 2} on the four hosts
     * is killed once a set is in the checkpoint directory and a newer one only on the local level;
     * {@code jckpt list} on jckpt-h1 shows the local set with its parity; jckpt-h3's and jckpt-h4's
     * directories go. {@code restart --latest} on jckpt-h1 and jckpt-h2 says the local sets cannot
     * be rebuilt, falls back down to the checkpoint directory's newest set, and ends with the
     * uninterrupted result.
     */
    @Test
    public void twoLostNodesOfOneXorGroupFallBackToTheCheckpointDirectory() throws Exception {
        Path dir = Files.createTempDirectory("xor-two");
        Path local = Files.createTempDirectory("xor-two-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        String localDir = local.resolve("%h").toString();
        SetNaming level = killedOnFourHosts(dir, localDir, naming, TWENTIETH, "2",
                (lvl, job) -> awaitLocalSetNewerThanFlushed(lvl, naming, job));
        int flushed = naming.setTags().last();
        int newest = level.setTags().last();
        Cli.Result list = onHost(H1, "list", "--local-dir", localDir, dir.toString()).waitFor(Duration.ofMinutes(2));
        assertTrue(list.out().contains("local + xor:3: 1 of 4 task files on this node, 0 partner copies, 1 parity"), list.toString());
        FileTrees.delete(local.resolve(H3));
        FileTrees.delete(local.resolve(H4));
        Path hostfile = dir.resolve("hosts-h1-h2");
        Files.writeString(hostfile, H1 + " slots=2\n" + H2 + " slots=2\n");

        Cli.Result r = onHost(H1, "restart", "--hostfile", hostfile.toString(), "--local-dir", localDir, "--latest",
                dir.resolve(naming.name()).toString()).waitFor(Duration.ofMinutes(10));

        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains(level.setFile(newest) + " cannot be rebuilt from the nodes this run has: nothing usable is"
                + " left of the copies of tasks 2, 3"), r.toString());
        assertTrue(r.err().contains("falling back to the previous committed set " + naming.setFile(flushed)), r.toString());
        assertEquals(r.lastLine(), killedReference.get(), r.toString());
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    /**
     * Heat on the four hosts, one task each, {@code --redundancy xor:3} with sets every {@code every}
     * steps, killed once {@code until} returned; the local level of jckpt-h1.
     */
    private static SetNaming killedOnFourHosts(Path dir, String localDir, SetNaming naming, String every, String flushEvery,
                                               LevelAwaiter until) throws Exception {
        return killed("hosts-four", "xor:3", dir, localDir, naming, every, flushEvery, until);
    }

    /** A killed job's checkpoint directory, local levels' root, set naming, and local level on jckpt-h1. */
    private record Killed(Path dir, Path local, SetNaming naming, SetNaming level) {
        String localDir() {
            return local.resolve("%h").toString();
        }
    }

    /** A job of 4 tasks on both hosts with partner copies, in new directories named {@code prefix}..., killed after two sets. */
    private static Killed killedOnBothHosts(String prefix) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        Path local = Files.createTempDirectory(prefix + "-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        return new Killed(dir, local, naming, killed("hosts-both", "partner", dir, local.resolve("%h").toString(), naming, TENTH, "0",
                (level, job) -> Jobs.awaitSets(level, 2, job)));
    }

    private static SetNaming killed(String hosts, String redundancy, Path dir, String localDir, SetNaming naming, String every,
                                    String flushEvery, LevelAwaiter until) throws Exception {
        Cli.Running job = onHost(H1, "run", "-np", "4", "--hostfile", NETNS.resolve(hosts).toString(), "--ckpt-dir",
                dir.toString(), "--local-dir", localDir, "--ckpt-every", every, "--redundancy", redundancy, "--flush-every",
                flushEvery, "--", HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(KILLED_ITERS));
        try {
            SetNaming level = localLevel(Path.of(localDir.replace("%h", H1)), naming, job);
            until.await(level, job);
            return level;
        } finally {
            job.killWholeJob();
        }
    }

    /** Waits for what a test kills a job after, on jckpt-h1's local level. */
    private interface LevelAwaiter {
        void await(SetNaming level, Cli.Running job) throws Exception;
    }

    /** Waits until the checkpoint directory has a set and the local level a newer one. */
    private static void awaitLocalSetNewerThanFlushed(SetNaming level, SetNaming global, Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + Duration.ofSeconds(120).toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
            if (!global.setTags().isEmpty() && !level.setTags().isEmpty() && level.setTags().last() > global.setTags().last()) {
                return;
            }
            if (!job.process().isAlive()) {
                break;
            }
        }
        throw new AssertionError("no local set newer than the checkpoint directory's newest: " + job.errText());
    }

    /**
     * A partner copy with a flipped bit is found by its checksum and not used: a job on both hosts
     * with {@code --redundancy partner --flush-every 0} is killed once two sets committed on the
     * local level; jckpt-h2's directory goes, and one of the partner copies jckpt-h1 kept of the newest
     * set gets a flipped bit. The copy is the only one left of its task's file, so it is checked as
     * it is loaded: {@code restart --latest} on jckpt-h1 alone says which of its blocks is damaged,
     * falls back to the set before it, and ends with the uninterrupted result.
     */
    @Test
    public void aDamagedPartnerCopyIsPassedOverForTheSetBefore() throws Exception {
        Killed killed = killedOnBothHosts("partner-flip");
        SetNaming level = killed.level();
        int newest = level.setTags().last();
        Path previous = level.setFile(level.setTags().headSet(newest).last());
        FileTrees.delete(killed.local().resolve(H2));
        Path piece = level.dir().resolve(".pieces").resolve(killed.naming().name() + ".2." + newest);
        flipABit(piece);
        Path hostfile = killed.dir().resolve("hosts-h1");
        Files.writeString(hostfile, H1 + " slots=2\n");

        Cli.Result r = onHost(H1, "restart", "-np", "2", "--hostfile", hostfile.toString(), "--local-dir", killed.localDir(),
                "--latest", killed.dir().resolve(killed.naming().name()).toString()).waitFor(Duration.ofMinutes(10));

        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("the set is damaged (found by task 1): " + level.dir().resolve(piece.getFileName()) + ": block"),
                r.toString());
        assertTrue(r.err().contains("falling back to the previous committed set " + previous), r.toString());
        assertEquals(r.lastLine(), killedReference.get(), r.toString());
        FileTrees.delete(killed.dir());
        FileTrees.delete(killed.local());
    }

    /**
     * A copy with a flipped bit, whose partner copy is left, is passed over for the partner copy: a
     * job on both hosts with {@code --redundancy partner --flush-every 0} is killed once two sets
     * committed on the local level, and jckpt-h1's copy of task 0 of the newest set gets a flipped
     * bit. {@code restart --latest} on both hosts checks both copies of each task's file before it
     * chooses, says the copy is damaged, takes jckpt-h2's partner copy instead, restarts from the
     * newest set, and ends with the uninterrupted result.
     */
    @Test
    public void aDamagedCopyIsReplacedByItsPartnerCopy() throws Exception {
        Killed killed = killedOnBothHosts("copy-flip");
        int newest = killed.level().setTags().last();
        Path copy = killed.level().dir().resolve(killed.naming().name() + ".0." + newest);
        flipABit(copy);

        Cli.Result r = onHost(H1, "restart", "-np", "4", "--hostfile", NETNS.resolve("hosts-both").toString(), "--local-dir",
                killed.localDir(), "--latest", killed.dir().resolve(killed.naming().name()).toString()).waitFor(Duration.ofMinutes(10));

        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("the copy " + copy + " is damaged"), r.toString());
        assertTrue(r.err().contains("restarting from set " + newest + " on the node-local level (the copies of task 0"), r.toString());
        assertTrue(r.err().contains("rebuilt from partner copies"), r.toString());
        assertFalse(r.err().contains("falling back"), r.toString());
        assertEquals(r.lastLine(), killedReference.get(), r.toString());
        FileTrees.delete(killed.dir());
        FileTrees.delete(killed.local());
    }

    /**
     * A parity with a flipped bit is found by its own CRC and not used: {@code --redundancy xor:3
     * --flush-every 0} on the four hosts is killed once two sets committed; jckpt-h4's directory
     * goes, and jckpt-h1's parity of the newest set gets a flipped bit. {@code restart --latest} on
     * the three hosts left says the parity is damaged and the newest set cannot be rebuilt, falls
     * back to the set before it, decodes task 3's copy of that one, and ends with the uninterrupted
     * result.
     */
    @Test
    public void aDamagedParityIsPassedOverForTheSetBefore() throws Exception {
        Path dir = Files.createTempDirectory("xor-flip");
        Path local = Files.createTempDirectory("xor-flip-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        String localDir = local.resolve("%h").toString();
        SetNaming level = killedOnFourHosts(dir, localDir, naming, TENTH, "0", (lvl, job) -> Jobs.awaitSets(lvl, 2, job));
        int newest = level.setTags().last();
        Path previous = level.setFile(level.setTags().headSet(newest).last());
        FileTrees.delete(local.resolve(H4));
        Path parity = level.dir().resolve(".pieces").resolve(naming.name() + ".0." + newest + ".xor");
        flipABit(parity);
        Path hostfile = dir.resolve("hosts-three");
        Files.writeString(hostfile, H1 + " slots=1\n" + H2 + " slots=1\n" + H3 + " slots=1\n");

        Cli.Result r = onHost(H1, "restart", "-np", "3", "--hostfile", hostfile.toString(), "--local-dir", localDir, "--latest",
                dir.resolve(naming.name()).toString()).waitFor(Duration.ofMinutes(10));

        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("the parity " + parity + " is damaged"), r.toString());
        assertTrue(r.err().contains(level.setFile(newest) + " cannot be rebuilt from the nodes this run has: nothing usable is"
                + " left of the copies of task 3"), r.toString());
        assertTrue(r.err().contains("falling back to the previous committed set " + previous), r.toString());
        assertTrue(r.err().contains("(the copies of task 3, lost with " + H4 + ", rebuilt from XOR parity)"), r.toString());
        assertEquals(r.lastLine(), killedReference.get(), r.toString());
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    @DataProvider
    public Object[][] schemes() {
        return new Object[][] {{"partner", "hosts-both"}, {"xor:3", "hosts-four"}};
    }

    /**
     * The job SIGKILLed at a random point while its redundancy is being built: every set any host
     * lists as committed on its local level has every task's copy on the task's host, matching the
     * set's CRC, and its partner copy on the partner's (matching too) or its parity on its own host;
     * {@code restart --latest} gives the uninterrupted result.
     */
    @Test(dataProvider = "schemes")
    public void aJobKilledWhileItsRedundancyIsBuiltLeavesOnlySetsThatRebuild(String scheme, String hosts) throws Exception {
        long seed = Long.getLong("jckpt.test.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("redundancy-kill");
        Path local = Files.createTempDirectory("redundancy-kill-local");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        String[] options = {"--hostfile", NETNS.resolve(hosts).toString(), "--local-dir", local.resolve("%h").toString(),
                "--redundancy", scheme, "--flush-every", "0"};
        Cli.Running job = onHost(H1, concat(new String[] {"run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-every",
                TWENTIETH}, options, new String[] {"--", HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(KILLED_ITERS)}));
        try {
            // Killed within the third checkpoint interval, wherever in it this machine's pace puts the seed's
            // point: the job's ten intervals are far from over then, however fast or slow the machine.
            SetNaming level = localLevel(local.resolve(H1), naming, job);
            int first = Jobs.awaitSetAfter(level, -1, Duration.ofMinutes(2));
            long start = System.nanoTime();
            Jobs.awaitSetAfter(level, first, Duration.ofMinutes(2));
            Thread.sleep(Math.round((System.nanoTime() - start) / 1e6 * random.nextDouble()));
            assertTrue(job.process().isAlive(), "seed " + seed + ": the job ended before it was killed: " + job.errText());
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

    /**
     * Every local set file on any host: each task's copy on its host, as the set says; its partner
     * copy on its partner's, as the set says too, or its parity, with the 4 bytes of its CRC, on its host.
     */
    private static void assertEverySetProtected(Path local, SetNaming global, String context) throws Exception {
        for (String host : ALL) {
            Optional<SetNaming> level = LocalLevel.existing(local.resolve(host), global);
            if (level.isEmpty()) {
                continue;
            }
            for (int tag : level.get().setTags()) {
                CheckpointSet set = SetFiles.read(level.get().setFile(tag));
                Path relative = local.resolve(host).relativize(level.get().dir());
                String committed = context + ": " + level.get().setFile(tag) + " is committed, but ";
                Map<Integer, String> partners = partnersOf(set);
                for (CheckpointSet.FileEntry f : set.files()) {
                    int task = Integer.parseInt(f.task());
                    Path copy = local.resolve(set.hosts().get(task)).resolve(relative).resolve(f.file());
                    List<Path> matching = new ArrayList<>(List.of(copy));
                    if (partners.containsKey(task)) {
                        matching.add(local.resolve(partners.get(task)).resolve(relative).resolve(".pieces").resolve(f.file()));
                    } else {
                        Path parity = copy.resolveSibling(".pieces").resolve(f.file() + ".xor");
                        assertTrue(Files.isRegularFile(parity) && Files.size(parity) > 4, committed + parity + " is missing");
                    }
                    for (Path p : matching) {
                        assertTrue(Files.exists(p), committed + p + " is missing");
                        assertEquals(Checksums.crcAndSize(p, Progress.NONE).crcHex(), f.crc32c(), context + ": " + p);
                    }
                }
            }
        }
    }

    /** The host of each task's partner copy, as the set records it: every task's, or those XOR groups have none for. */
    private static Map<Integer, String> partnersOf(CheckpointSet set) {
        Map<Integer, String> partners = new HashMap<>();
        String recorded = set.engineInfo().get("partners");
        if (recorded != null) {
            String[] hosts = recorded.split(",");
            for (int task = 0; task < hosts.length; task++) {
                partners.put(task, hosts[task]);
            }
        } else {
            XorGroups.parse(set.engineInfo().get("xor-groups")).partner().forEach((t, p) -> partners.put(t, set.hosts().get(p)));
        }
        return partners;
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
