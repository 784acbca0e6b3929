package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.jckpt.cli.NetnsHosts.H1;
import static org.jckpt.cli.NetnsHosts.H2;
import static org.jckpt.cli.NetnsHosts.HEAT;
import static org.jckpt.cli.NetnsHosts.ITERS;
import static org.jckpt.cli.NetnsHosts.MPI_ENV;
import static org.jckpt.cli.NetnsHosts.N;
import static org.jckpt.cli.NetnsHosts.NETNS;
import static org.jckpt.cli.NetnsHosts.TENTH;
import static org.jckpt.cli.NetnsHosts.hostOf;
import static org.jckpt.cli.NetnsHosts.onHost;
import static org.jckpt.cli.NetnsHosts.runLosingH2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileTrees;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * IBM PE's restart on other hosts: a job checkpointed while its tasks ran on jckpt-h1 and jckpt-h2
 * (launched from jckpt-h1) restarts with the same task count on jckpt-h2 alone (launched from
 * there), and ends as if never stopped.
 * The hosts are network namespaces on this machine (ci/netns-hosts.sh; root only), sharing its
 * file systems as cluster nodes share a home and a checkpoint directory.
 */
public class OtherHostsIT extends NetnsHosts.Suite {
    /** Long enough to outlive a checkpoint after it restarts: DMTCP resumes where it stopped. */
    private static final int DMTCP_ITERS = 18_750;

    private CompletableFuture<String> reference;

    /** The uninterrupted result, computed while the job runs; once the hosts are up. */
    @BeforeClass
    public void references() {
        reference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, ITERS));
    }

    @Test
    public void aJobCheckpointedOnTwoHostsRestartsWithItsFourTasksOnAnotherHostSet() throws Exception {
        Path dir = Files.createTempDirectory("hosts");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);

        // Two tasks on each of jckpt-h1 and jckpt-h2, mpirun and the launcher on jckpt-h1; each host's
        // local level in a directory of its own on the file system the two share.
        Path local = Files.createTempDirectory("local");
        Cli.Running job = onHost(H1, "run", "-np", "4", "--hostfile", NETNS.resolve("hosts-both").toString(),
                "--ckpt-dir", dir.toString(), "--local-dir", local.resolve("%h").toString(), "--",
                HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(ITERS));
        Path set;
        try {
            Cli.Result ck = Cli.run("checkpoint", Jobs.jobId(job));
            assertEquals(ck.status(), 0, ck + "\n--- job's stderr\n" + job.errText());
            set = Path.of(ck.out().strip());
            assertEquals(set, naming.setFile(0), ck.toString());
            assertEquals(namespacesOfTasks(job, 4), Set.of(H1, H2), "the first run's tasks must run on both hosts");
            assertTrue(job.process().isAlive(), "the job ended before it could be killed: " + job.errText());
        } finally {
            job.killWholeJob(); // as if both hosts failed at once
        }
        CheckpointSet first = SetFiles.read(set);
        assertEquals(first.tasks(), 4);
        assertEquals(new HashSet<>(first.hosts()), Set.of(H1, H2), "hosts of " + set + ": " + first.hosts());
        for (String host : List.of(H1, H2)) {
            Set<Integer> tasksThere = new HashSet<>();
            for (int task = 0; task < 4; task++) {
                if (first.hosts().get(task).equals(host)) {
                    tasksThere.add(task);
                }
            }
            assertEquals(localCopies(local.resolve(host), naming.name()), tasksThere, "copies in " + local.resolve(host));
        }

        // The same four tasks, all on jckpt-h2, launched from there: no part of the job on jckpt-h1.
        Cli.Running restarted = onHost(H2, "restart", "--hostfile", NETNS.resolve("hosts-h2").toString(), set.toString());
        Cli.Result r;
        try {
            Cli.Result ck = Cli.run("checkpoint", Jobs.jobId(restarted));
            assertEquals(ck.status(), 0, ck + "\n--- job's stderr\n" + restarted.errText());
            assertEquals(Path.of(ck.out().strip()), naming.setFile(1), ck.toString());
            assertEquals(namespacesOfTasks(restarted, 4), Set.of(H2), "the restarted tasks must run on " + H2 + " only");
            r = restarted.waitFor(Duration.ofMinutes(15));
        } finally {
            restarted.killWholeJob();
        }
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.out().contains("restarted at iteration"), r.toString());
        assertEquals(r.lastLine(), reference.get(), r.toString());
        CheckpointSet second = SetFiles.read(naming.setFile(1));
        assertEquals(second.tasks(), 4);
        assertEquals(second.hosts(), List.of(H2, H2, H2, H2), "hosts of " + naming.setFile(1));
    }

    /**
     * One host's local level full, the other's not: the tasks that have room copy, the others write
     * their files at once, and every set is written synchronously all the same. The tasks disagree on
     * their room before they agree, and must still make the same collective calls: they once did
     * not, and the job waited for ever (found beside two busy loops, where the flush fell behind on
     * some tasks only).
     */
    @Test
    public void aJobWhoseHostsDisagreeOnLocalRoomWritesItsSetsSynchronously() throws Exception {
        Path dir = Files.createTempDirectory("room");
        Path local = Files.createTempDirectory("room-local");
        Path full = Mounts.smallTmpfs("1m");
        try {
            Files.createSymbolicLink(local.resolve(H2), full);
            Cli.Result r = onHost(H1, "run", "-np", "4", "--hostfile", NETNS.resolve("hosts-both").toString(), "--ckpt-dir",
                    dir.toString(), "--local-dir", local.resolve("%h").toString(), "--ckpt-every", TENTH, "--", HEAT, "--n",
                    Integer.toString(N), "--iters", Integer.toString(ITERS)).waitFor(Duration.ofMinutes(10));
            assertEquals(r.status(), 0, r.toString());
            assertTrue(r.err().contains("is written synchronously: no room on " + local.resolve(H2)), r.toString());
            assertEquals(r.lastLine(), reference.get(), r.toString());
            SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
            assertFalse(naming.setTags().isEmpty(), "no set committed: " + r);
            for (int tag : naming.setTags()) {
                assertEquals(Cli.run("verify", naming.setFile(tag).toString()).status(), 0, "set " + tag);
            }
        } finally {
            Mounts.unmount(full);
        }
        FileTrees.delete(dir);
        FileTrees.delete(local);
    }

    /**
     * On MPICH (Hydra, its proxies started through the same rsh agent, as Hydra's rsh launcher), with
     * jckpt's binding: two tasks, one on each host, launched from jckpt-h1, checkpointed and killed;
     * restarted on jckpt-h2 alone, launched from there: the uninterrupted result. Two tasks on the
     * machine's two cores: MPICH's tasks busy-wait.
     */
    @Test
    public void onMpichAJobOnTwoHostsRestartsOnAnother() throws Exception {
        if (Cli.findOnPath("mpiexec.hydra").isEmpty() || !Files.isRegularFile(Cli.HOME.resolve("build/native-mpich/libjckpt_mpi.so"))) {
            throw new SkipException("MPICH, or jckpt's binding for it (build/native-mpich/libjckpt_mpi.so), is not here; run ci/setup.sh");
        }
        Path dir = Files.createTempDirectory("mpich-hosts");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        Path oneEach = dir.resolve("hosts-one-each");
        Files.writeString(oneEach, H1 + " slots=1\n" + H2 + " slots=1\n");
        // Sets every tenth of the run, not on request: 2 tasks of jckpt's binding may finish before a request comes.
        // All kept: the restart takes the first, so that it has most of the run left, however far this one got.
        Cli.Running job = onHost(H1, "run", "--mpi", "mpich", "-np", "2", "--hostfile", oneEach.toString(), "--ckpt-dir",
                dir.toString(), "--ckpt-every", TENTH, "--keep", "100", "--", HEAT, "--n", Integer.toString(N), "--iters",
                Integer.toString(ITERS));
        try {
            assertEquals(namespacesOfTasks(job, 2), Set.of(H1, H2), "the first run's tasks must run on both hosts");
            Jobs.awaitSets(naming, 1, job);
        } finally {
            job.killWholeJob();
        }
        int from = naming.setTags().first();
        Cli.Running restarted = onHost(H2, "restart", "--mpi", "mpich", "--hostfile", NETNS.resolve("hosts-h2").toString(),
                naming.setFile(from).toString());
        Cli.Result r;
        try {
            assertEquals(namespacesOfTasks(restarted, 2), Set.of(H2), "the restarted tasks must run on " + H2 + " only");
            r = restarted.waitFor(Duration.ofMinutes(15));
        } finally {
            restarted.killWholeJob();
        }
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("jckpt: MPI: MPICH "), r.toString());
        assertEquals(r.lastLine(), reference.get(), r.toString());
        int newest = naming.setTags().last();
        assertTrue(newest > from, "the restarted run committed no set of its own: " + r);
        assertEquals(SetFiles.read(naming.setFile(newest)).hosts(), List.of(H2, H2), "hosts of " + naming.setFile(newest));
    }

    /**
     * Hostfile slots per host, the restart line the launcher prints, and the tasks after it: with four
     * slots jckpt-h1 alone holds the four tasks; with two, Heat's sets redistribute, so the job
     * restarts with two tasks there.
     */
    @DataProvider
    public Object[][] slotsPerHost() {
        return new Object[][] {{4, "; restart 1 of 2 from ", 4}, {2, "; restart 1 of 2 with 2 tasks (was 4) from ", 2}};
    }

    /**
     * {@code --max-restarts}: a job with two tasks on each host, both tasks on jckpt-h2 killed and
     * that host unreachable: the launcher restarts the job on its own, on jckpt-h1 alone.
     */
    @Test(dataProvider = "slotsPerHost")
    public void aJobWhoseHostDiedRestartsOnItsOwnOnTheOtherHost(int slots, String restart, int tasksAfter) throws Exception {
        if (slots > 2) {
            Cli.skipOnMpich("Hydra fills a host's slots before the next host's, so all four tasks would run on " + H1
                    + " and none on " + H2 + " to lose");
        }
        Path dir = Files.createTempDirectory("auto-hosts");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);

        Cli.Result r = runLosingH2(dir, slots, List.of(), job -> Jobs.awaitSets(naming, 1, job));

        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("jckpt: leaving " + H2 + " out of the restart: it did not answer ("), r.toString());
        assertTrue(r.err().matches("(?s).*" + Pattern.quote(restart + dir) + "/\\S+: host " + H2 + " dropped\n.*"), r.toString());
        assertEquals(r.lastLine(), reference.get(), r.toString());
        CheckpointSet after = SetFiles.read(naming.setFile(naming.setTags().last()));
        assertEquals(after.hosts(), Collections.nCopies(tasksAfter, H1), "a set written after the restart");
        assertEquals(RecordedOptions.of(after.program()).restarts(), 1, "a set written after the restart");
        FileTrees.delete(dir);
    }







    /**
     * What a SIGKILLed job left on another host than the launcher's (its orted's session directory,
     * its tasks' shared-memory segments there) goes when the next job's first task on that host
     * starts, which says so.
     */
    @Test
    public void theNextJobsFirstTaskOnAnotherHostRemovesWhatAKilledJobLeftThere() throws Exception {
        Cli.skipOnMpich("the leftovers it makes and looks for are Open MPI's (orted's session directory, vader's segments);"
                + " MpichIT tests MPICH's");
        Map<String, String> env = new HashMap<>(MPI_ENV);
        env.put("OMPI_MCA_btl", "self,vader,tcp"); // shared memory between the two tasks of each host: segments
        Path dir = Files.createTempDirectory("leftovers");
        Cli.Running killed = Cli.start(List.of(NETNS.resolve("on").toString(), H1), env, "run", "-np", "4",
                "--hostfile", NETNS.resolve("hosts-both").toString(), "--ckpt-dir", dir.toString(), "--",
                HEAT, "--n", Integer.toString(N), "--iters", "1000000000");
        Set<Path> segments;
        Path session;
        try {
            Jobs.jobId(killed);
            segments = MpiFiles.awaitSegments(() -> processesOn(H2, killed), 2);
            session = MpiFiles.sessionDir(processesOn(H2, killed));
        } finally {
            killed.killWholeJob();
        }
        assertEquals(segments.size(), 2, "segments of the two tasks on " + H2 + ": " + segments);
        MpiFiles.awaitOlderThanYoung(segments);

        Cli.Result next = Cli.start(List.of(NETNS.resolve("on").toString(), H1), env, "run", "-np", "4",
                "--hostfile", NETNS.resolve("hosts-both").toString(), "--ckpt-dir", dir.toString(), "--",
                "org.jckpt.examples.Pi").waitFor(Duration.ofMinutes(3));
        assertEquals(next.status(), 0, next.toString());
        assertTrue(Pattern.compile("jckpt: on " + H2 + ": " + MpiLeftoversIT.REMOVED).matcher(next.err()).find(), next.toString());
        segments.forEach(s -> assertFalse(Files.exists(s), s + " is still there"));
        assertFalse(Files.exists(session), session + " is still there");
        FileTrees.delete(dir);
    }

    /** The tasks with a file in the local level under {@code root}: a copy of set 0, or the spare it became once flushed. */
    private static Set<Integer> localCopies(Path root, String name) throws Exception {
        Pattern copy = Pattern.compile(Pattern.quote(name) + "\\.(\\d+)\\.(0|spare)");
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(f -> copy.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).collect(Collectors.toSet());
        }
    }

    /** The job's processes in {@code host}'s network namespace. */
    private static List<ProcessHandle> processesOn(String host, Cli.Running job) {
        List<ProcessHandle> on = new ArrayList<>();
        for (ProcessHandle p : job.process().descendants().toList()) {
            try {
                if (host.equals(hostOf(Path.of("/proc", Long.toString(p.pid()))))) {
                    on.add(p);
                }
            } catch (Exception e) {
                // Gone meanwhile.
            }
        }
        return on;
    }


    /**
     * DMTCP: a job run on jckpt-h1, SIGKILLed after a checkpoint, restarted from jckpt-h1 with a
     * hostfile of jckpt-h2: every process restored there (through the rsh agent, as Open MPI
     * starts its daemons), checkpointed there, and ending as if never stopped.
     */
    @Test
    public void aDmtcpJobRestartsOnTheHostOfItsHostfile() throws Exception {
        Cli.skipOnMpich("the DMTCP engine runs on Open MPI only");
        Cli.requireDmtcp();
        Path dir = Files.createTempDirectory("dmtcp-hosts");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT);
        String iters = Integer.toString(DMTCP_ITERS);
        CompletableFuture<String> expected = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, DMTCP_ITERS));

        Cli.Running job = onHost(H1, "run", "--engine", "dmtcp", "-np", "2", "--ckpt-dir", dir.toString(), "--",
                HEAT, "--n", Integer.toString(N), "--iters", iters);
        try {
            Cli.Result ck = Cli.run("checkpoint", Jobs.jobId(job));
            assertEquals(ck.status(), 0, ck + "\n--- job's stderr\n" + job.errText());
            assertTrue(job.process().isAlive(), "the job ended before it could be killed: " + job.errText());
        } finally {
            job.killWholeJob();
        }
        assertEquals(SetFiles.read(naming.setFile(0)).hosts(), List.of(H1, H1));

        Cli.Running restarted = onHost(H1, "restart", "--hostfile", NETNS.resolve("hosts-h2").toString(),
                naming.setFile(0).toString());
        Cli.Result r;
        try {
            Cli.Result ck = Cli.run("checkpoint", Jobs.jobId(restarted));
            assertEquals(ck.status(), 0, ck + "\n--- job's stderr\n" + restarted.errText());
            assertEquals(Path.of(ck.out().strip()), naming.setFile(1), ck.toString());
            assertEquals(namespacesOfRestoredProcesses(restarted), Map.of(H2, 3L), "mpirun and both tasks on " + H2);
            r = restarted.waitFor(Duration.ofMinutes(30));
        } finally {
            restarted.killWholeJob();
        }
        assertEquals(r.status(), 0, r.toString());
        assertEquals(r.lastLine(), expected.get(), r.toString());
        assertEquals(SetFiles.read(naming.setFile(1)).hosts(), List.of(H2, H2), "hosts of " + naming.setFile(1));
        FileTrees.delete(dir);
    }


    /**
     * The hosts the job's tasks run on, told by their network namespace (not by anything the tasks
     * or the MPI say about themselves).
     */
    private static Set<String> namespacesOfTasks(Cli.Running job, int tasks) throws Exception {
        Set<String> hosts = new HashSet<>();
        for (int rank = 0; rank < tasks; rank++) {
            hosts.add(hostOf(Path.of("/proc", Long.toString(Jobs.awaitTask(job, rank).pid()))));
        }
        return hosts;
    }

    /** Hosts of the processes DMTCP restored (their executable is DMTCP's mtcp_restart), counted. */
    private static Map<String, Long> namespacesOfRestoredProcesses(Cli.Running job) throws Exception {
        Map<String, Long> hosts = new TreeMap<>();
        for (ProcessHandle p : job.process().descendants().toList()) {
            Path proc = Path.of("/proc", Long.toString(p.pid()));
            try {
                if (Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString().equals("mtcp_restart")) {
                    hosts.merge(hostOf(proc), 1L, Long::sum);
                }
            } catch (IOException gone) {
                // Exited meanwhile: not one of the job's long-lived processes.
            }
        }
        return hosts;
    }




}
