package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jckpt.record.CheckpointKind;
import org.jckpt.record.LogEvent;
import org.jckpt.record.LogReader;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The examples on MPICH (Debian's, through its Hydra) with jckpt's binding: the serial reference's
 * checksum uninterrupted, after a kill and a restart (complete checkpoints, the background flush with
 * compression, another task count, an automatic restart after a task's SIGKILL), and across MPIs and
 * bindings: a set written on Open MPI with Open MPI's binding restarts on MPICH with jckpt's, and the
 * reverse. The DMTCP engine is refused on MPICH in one line.
 */
public class MpichIT {
    private static final int N = 128;
    private static final int ITERS = 4000;
    /**
     * MPICH's tasks busy-wait and, unlike Open MPI's, cannot be told to yield: more tasks than cores
     * run several times slower. Two, as this machine's cores; restarts take another count.
     */
    private static final int TASKS = 2;
    private static final String HEAT = "org.jckpt.examples.Heat";
    private static final List<String> HEAT_ARGS = List.of(HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(ITERS));
    private static final String START_LINE = "(?s)(.*\n)?jckpt: MPI: MPICH [0-9.]+ \\(mpiexec\\.(hydra|mpich)\\), bindings: jckpt's\n.*";

    private String heatChecksum;

    @BeforeClass
    public void mpichAndJckptsBinding() throws Exception {
        Cli.requireOpenMpi(); // bin/jckpt runs; Open MPI is the other half of the cross-MPI tests
        Cli.requireMpich();
        heatChecksum = HeatReference.checksum(N, ITERS);
    }

    @Test
    public void examplesGiveTheSerialChecksumWithJckptsBinding() throws Exception {
        Cli.Result heat = Cli.run("run", "-np", "2", "--mpi", "mpich", "--ckpt-dir", tempDir(), "--",
                HEAT, "--n", "256", "--iters", "500");
        assertEquals(heat.status(), 0, heat.toString());
        assertTrue(heat.err().matches(START_LINE), heat.toString());
        assertEquals(heat.lastLine(), HeatReference.checksum(256, 500), heat.toString());
        Cli.Result pi = Cli.run("run", "-np", "2", "--mpi", "mpich", "--ckpt-dir", tempDir(), "--",
                "org.jckpt.examples.Pi", "--samples", "3000000", "--block", "100000", "--seed", "5");
        assertEquals(pi.status(), 0, pi.toString());
        Cli.Result piOnOpenMpi = Cli.run("run", "-np", "2", "--ckpt-dir", tempDir(), "--",
                "org.jckpt.examples.Pi", "--samples", "3000000", "--block", "100000", "--seed", "5");
        assertEquals(pi.lastLine(), piOnOpenMpi.lastLine(), pi + "\n" + piOnOpenMpi);
    }

    @Test
    public void completeCheckpointsKillAndRestartWithAnotherTaskCount() throws Exception {
        Path dir = killAfterASet(List.of("--mpi", "mpich", "--ckpt-every", "500"));
        assertRestartGives(dir, "--mpi", "mpich");
        assertRestartGives(dir, "--mpi", "mpich", "-np", "1");
        RecordedOptions recorded = RecordedOptions.of(SetFiles.read(newestSet(dir)).program());
        assertTrue(recorded.mpi().startsWith("MPICH "), recorded.toString());
        assertEquals(recorded.bindings(), "jckpt");
    }

    /**
     * A partial checkpoint the program asks for and a system-initiated one: the program waits at
     * its hold point until both are in the record, whatever the machine's speed; the restart from
     * the newest set ends as the first run did.
     */
    @Test
    public void partialAndSystemInitiatedCheckpoints() throws Exception {
        Path dir = Files.createTempDirectory("mpich");
        Path hold = dir.resolve("hold");
        Cli.Running job = Cli.start(Map.of(), "run", "-np", Integer.toString(TASKS), "--mpi", "mpich", "--ckpt-dir", dir.toString(),
                "--ckpt-file", "sizes", "--cp", SizeChangingStateIT.TEST_CLASSES.toString(), "--", SizeChangingStateIT.PROGRAM,
                "40", "20", hold.toString());
        Cli.Result first;
        try {
            Cli.Result ck = Cli.run("checkpoint", Jobs.jobId(job));
            assertEquals(ck.status(), 0, ck + "\n--- job's stderr\n" + job.errText());
            awaitCheckpointKinds(dir.resolve("sizes.log.jsonl"), List.of(CheckpointKind.PARTIAL.label(), CheckpointKind.SYSTEM.label()),
                    job);
            Files.createFile(hold);
            first = job.waitFor(Duration.ofMinutes(10));
        } finally {
            job.killWholeJob();
        }
        assertEquals(first.status(), 0, first.toString());
        Cli.Result r = Cli.run("restart", "--latest", dir.resolve("sizes").toString(), "--mpi", "mpich");
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.out().contains("restarted at step"), r.toString());
        assertEquals(SizeChangingStateIT.ended(r.out()), SizeChangingStateIT.ended(first.out()), r.toString());
    }

    /** Waits until the job's record has a checkpoint of each of {@code kinds}. */
    private static void awaitCheckpointKinds(Path record, List<String> kinds, Cli.Running job) throws Exception {
        for (long end = System.nanoTime() + Duration.ofMinutes(10).toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
            Set<String> taken = LogReader.read(record, warning -> { }).stream().filter(e -> e.event().equals(LogEvent.CHECKPOINT))
                    .map(LogEvent::kind).collect(Collectors.toSet());
            if (taken.containsAll(kinds)) {
                return;
            }
            if (!job.process().isAlive()) {
                throw new AssertionError("the job ended at its hold point: " + job.errText());
            }
        }
        throw new AssertionError("no checkpoint of each of " + kinds + " in " + record + ": " + job.errText());
    }

    @Test
    public void backgroundFlushWithCompression() throws Exception {
        Path dir = killAfterASet(List.of("--mpi", "mpich", "--ckpt-every", "500", "--flush", "async", "--compress", "zstd"));
        Cli.Result list = Cli.run("list", "-v", dir.toString());
        assertTrue(list.out().contains("zstd"), list.toString());
        assertRestartGives(dir, "--mpi", "mpich");
    }

    @Test
    public void aTaskKilledRestartsTheJobAutomatically() throws Exception {
        Path dir = Files.createTempDirectory("mpich");
        Cli.Running job = start(dir, List.of("--mpi", "mpich", "--ckpt-every", "500", "--max-restarts", "1"));
        Cli.Result r;
        try {
            Jobs.awaitSets(new SetNaming(dir, "heat"), 1, job);
            Jobs.task(job, 1).destroyForcibly();
            r = job.waitFor(Duration.ofMinutes(3));
        } finally {
            job.killWholeJob();
        }
        assertEquals(r.status(), 0, r.toString());
        // The set from the directory, or from the node-local level when the newest set was not flushed yet.
        assertTrue(r.err().matches("(?s).*jckpt: job failed \\(" + Cli.killedTaskCause(r, 1) + "\\); restart 1 of 1 from \\S+/heat\\.\\d+\n.*"),
                r.toString());
        assertTrue(r.out().contains("restarted at iteration"), r.toString());
        assertEquals(r.lastLine(), heatChecksum, r.toString());
    }

    /** Hydra's mpiexec waits for ever once a proxy died and its tasks live on; jckpt ends such a job, saying why. */
    @Test
    public void aJobWhoseHydraProxyDiedWithItsTasksAliveIsEnded() throws Exception {
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "2", "--mpi", "mpich", "--ckpt-dir", tempDir(), "--cp",
                Cli.HOME.resolve("java/cli/target/test-classes").toString(), "--", "org.jckpt.cli.programs.Sleeper");
        Cli.Result r;
        List<ProcessHandle> tasks;
        try {
            tasks = List.of(awaitTask(job, 0), awaitTask(job, 1));
            job.process().descendants().filter(p -> p.info().command().orElse("").endsWith("/hydra_pmi_proxy"))
                    .findFirst().orElseThrow(() -> new AssertionError("no hydra_pmi_proxy under the job"))
                    .destroyForcibly();
            r = job.waitFor(Duration.ofMinutes(5));
        } finally {
            job.killWholeJob();
        }
        assertNotEquals(r.status(), 0, r.toString());
        assertTrue(r.err().matches("(?s).*jckpt: Hydra's proxy died and left 2 tasks running outside mpiexec, which would have"
                + " waited for ever: ending the job\n.*"), r.toString());
        for (ProcessHandle task : tasks) { // SIGKILLed by the launcher; gone once init has reaped them
            task.onExit().get(1, TimeUnit.MINUTES);
        }
    }

    /** Task {@code rank} of {@code job} once it runs; a bound for a hang only. */
    private static ProcessHandle awaitTask(Cli.Running job, int rank) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            try {
                return Jobs.task(job, rank);
            } catch (AssertionError notYet) {
                if (Instant.now().isAfter(deadline) || !job.process().isAlive()) {
                    throw new AssertionError("task " + rank + " never ran: " + job.errText(), notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    public void aSetOfOpenMpisBindingRestartsOnMpichAndTheReverse() throws Exception {
        Path fromOpenMpi = killAfterASet(List.of("--mpi", "openmpi", "--bindings", "openmpi", "--ckpt-every", "500"));
        assertRestartGives(fromOpenMpi, "--mpi", "mpich", "--bindings", "jckpt");
        Path fromMpich = killAfterASet(List.of("--mpi", "mpich", "--ckpt-every", "500"));
        Cli.Result r = assertRestartGives(fromMpich, "--mpi", "openmpi", "--bindings", "openmpi");
        assertTrue(r.err().contains("jckpt: MPI: Open MPI "), r.toString());
        assertTrue(r.err().contains(", bindings: Open MPI's\n"), r.toString());
    }

    /**
     * What killed MPICH jobs left: a segment no process holds and a Hydra proxy whose mpiexec no longer
     * listens go before the next job; a segment a process holds open and a proxy whose port is
     * listened on stay. (The proxies are stand-ins: scripts by that name, with Hydra's arguments.)
     */
    @Test
    public void leftoversOfKilledJobsGoOthersStay() throws Exception {
        String tag = Long.toHexString(System.nanoTime());
        Path dead = Path.of("/dev/shm/mpich_shar_tmp" + tag + "d");
        Path held = Path.of("/dev/shm/mpich_shar_tmp" + tag + "h");
        for (Path segment : List.of(dead, held)) {
            Files.writeString(segment, "x");
            Files.setLastModifiedTime(segment, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        Path proxy = Files.createTempDirectory("proxy").resolve("hydra_pmi_proxy");
        Files.writeString(proxy, "#!/bin/sh\nsleep 600\n");
        Files.setPosixFilePermissions(proxy, PosixFilePermissions.fromString("rwx------"));
        Process holder = new ProcessBuilder("sh", "-c", "exec 3<" + held + "; sleep 600").start();
        try (ServerSocket mpiexec = new ServerSocket(0)) {
            Process orphan = new ProcessBuilder(proxy.toString(), "--control-port", "localhost:1", "--rmk", "user").start();
            Process live = new ProcessBuilder(proxy.toString(), "--control-port", "localhost:" + mpiexec.getLocalPort()).start();
            Thread.sleep(500); // the holder has its file open
            Cli.Result r = Cli.run("run", "-np", "1", "--mpi", "mpich", "--ckpt-dir", tempDir(), "--", HEAT, "--n", "64", "--iters", "10");
            assertEquals(r.status(), 0, r.toString());
            assertTrue(r.err().contains("jckpt: removed "), r.toString());
            assertTrue(!Files.exists(dead) && Files.exists(held), r.toString());
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS) && live.isAlive(), r.toString());
            live.destroyForcibly();
        } finally {
            holder.destroyForcibly();
            Files.deleteIfExists(held);
        }
    }

    /** Plain mpirun, mpiexec and mpicc first on PATH are MPICH's, as Debian's alternatives may make them: Open MPI still runs. */
    @Test
    public void openMpiRunsWhereItsPlainNamesAreMpichs() throws Exception {
        Path bin = Files.createTempDirectory("alternatives");
        for (String name : List.of("mpirun", "mpiexec")) {
            Files.createSymbolicLink(bin.resolve(name), Cli.onPath("mpiexec.hydra"));
        }
        Files.createSymbolicLink(bin.resolve("mpicc"), Cli.onPath("mpicc.mpich"));
        Cli.Result r = Cli.run(Map.of("PATH", bin + ":" + System.getenv("PATH")), "run", "-np", "2", "--ckpt-dir", tempDir(), "--",
                HEAT, "--n", "256", "--iters", "500");
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("jckpt: MPI: Open MPI "), r.toString());
        assertEquals(r.lastLine(), HeatReference.checksum(256, 500), r.toString());
    }

    @Test
    public void theDmtcpEngineIsRefusedInOneLine() throws Exception {
        Cli.Result r = Cli.run("run", "-np", "2", "--mpi", "mpich", "--engine", "dmtcp", "--", HEAT);
        assertNotEquals(r.status(), 0, r.toString());
        assertEquals(r.err().strip().lines().count(), 1L, r.toString());
        assertTrue(r.err().startsWith("jckpt: the DMTCP engine runs on Open MPI only"), r.toString());
    }

    /** Runs Heat with {@code options} until a set committed, then SIGKILLs the whole job; its checkpoint directory. */
    private Path killAfterASet(List<String> options) throws Exception {
        Path dir = Files.createTempDirectory("mpich");
        Cli.Running job = start(dir, options);
        try {
            Jobs.awaitSets(new SetNaming(dir, "heat"), 1, job);
        } finally {
            job.killWholeJob();
        }
        return dir;
    }

    private static Cli.Running start(Path dir, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-np", Integer.toString(TASKS), "--ckpt-dir", dir.toString()));
        args.addAll(options);
        args.add("--");
        args.addAll(HEAT_ARGS);
        return Cli.start(Map.of(), args.toArray(String[]::new));
    }

    private Cli.Result assertRestartGives(Path dir, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("restart", "--latest", dir.resolve("heat").toString()));
        args.addAll(List.of(options));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.out().contains("restarted at"), r.toString());
        assertEquals(r.lastLine(), heatChecksum, r.toString());
        return r;
    }

    private static Path newestSet(Path dir) throws Exception {
        SetNaming naming = new SetNaming(dir, "heat");
        return naming.setFile(naming.setTags().last());
    }

    private static String tempDir() throws Exception {
        return Files.createTempDirectory("mpich").toString();
    }
}
