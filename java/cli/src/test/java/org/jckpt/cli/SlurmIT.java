package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Under a real one-node Slurm (ci/slurm-start.sh): signals become checkpoints, requeues restarts. */
public class SlurmIT {
    // Few iterations of much work each: a loaded machine's scheduling delays each halo exchange.
    private static final int N = 1024;
    private static final int ITERS = 3750;
    private static final int SMALL_N = 384;
    private static final int SMALL_ITERS = 2500;
    private CompletableFuture<String> reference;
    private CompletableFuture<String> smallReference;

    @BeforeClass
    public void slurm() throws Exception {
        Cli.requireOpenMpi();
        Cli.startOrSkip("slurm-start.sh", "Slurm");
        // The uninterrupted result, computed while the batch jobs wait in the queue.
        reference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, ITERS));
        smallReference = CompletableFuture.supplyAsync(() -> HeatReference.checksum(SMALL_N, SMALL_ITERS));
    }

    /**
     * The job's length follows this machine's speed: its first two runs go on without end until
     * their halts, and the test then makes the job last about one more run as long as the second
     * (later runs wait for that length). On a slow machine a restarted run spends more of its
     * window starting than the first did, so the second run, not the first, is the measure: the
     * job needs two requeues and ends in the third run or the fourth on any machine.
     */
    @Test
    public void aJobTooLongForItsTimeLimitRunsThroughRequeuesToTheUninterruptedResult() throws Exception {
        Path dir = Files.createTempDirectory("slurm");
        Path ck = Files.createDirectories(dir.resolve("ck"));
        Path iters = dir.resolve("iters");
        // Each run gets 10 s of its minute (jckpt's own timer: Slurm's warning signals come on a 30 s tick,
        // too coarse to bound a run).
        Files.writeString(dir.resolve("job.sh"), "#!/bin/bash\n"
                + "#SBATCH --ntasks=4 --overcommit --open-mode=append --output=" + dir.resolve("out.txt") + " --time=00:01:00 --requeue\n"
                + "iters=" + Long.MAX_VALUE + "\n"
                + "if [ \"${SLURM_RESTART_COUNT:-0}\" -gt 1 ]; then\n"
                + "  until [ -s " + iters + " ]; do sleep 0.2; done\n"
                + "  iters=$(cat " + iters + ")\n"
                + "fi\n"
                + "exec " + Cli.HOME.resolve("bin/jckpt") + " run -np 4 --ckpt-dir " + ck
                + " --halt-before 50s --requeue-on-signal -- org.jckpt.examples.Heat --n " + N + " --iters $iters\n");
        String id = sbatch(dir);
        try {
            String requeued = "jckpt: requeued Slurm job " + id;
            awaitOutput(dir.resolve("out.txt"), requeued, 1, Duration.ofMinutes(10));
            long first = Jobs.heatIterationOfNewestSet(ck, N);
            awaitOutput(dir.resolve("out.txt"), requeued, 2, Duration.ofMinutes(10));
            long second = Jobs.heatIterationOfNewestSet(ck, N);
            long length = second + Math.max(1, second - first);
            CompletableFuture<String> expected = CompletableFuture.supplyAsync(() -> HeatReference.checksum(N, Math.toIntExact(length)));
            Path chosen = Files.writeString(dir.resolve("iters.new"), Long.toString(length));
            Files.move(chosen, iters, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            String state = awaitEnd(id, Duration.ofMinutes(30));
            String out = Files.readString(dir.resolve("out.txt"));
            assertEquals(state, "COMPLETED", out);
            assertTrue(restarts(id) >= 2, "expected at least two requeues: " + out);
            List<Long> restartedAt = out.lines().filter(l -> l.startsWith("restarted at iteration "))
                    .map(l -> Long.parseLong(l.substring("restarted at iteration ".length()))).toList();
            assertEquals(restartedAt.size(), restarts(id), out);
            // A run on a slow machine may spend its 10 s starting and restoring, and commit where it began:
            // no run goes back, and the job ends, which takes progress.
            for (int i = 1; i < restartedAt.size(); i++) {
                assertTrue(restartedAt.get(i) >= restartedAt.get(i - 1), "no run goes back: " + restartedAt);
            }
            assertEquals(lastChecksum(out), expected.get(), out);
        } finally {
            new ProcessBuilder("scancel", id).redirectErrorStream(true).start().waitFor(); // no-op once it ended
        }
    }

    @Test
    public void usr1ToTheBatchStepCommitsASetAndTheJobGoesOn() throws Exception {
        Path dir = Files.createTempDirectory("slurm");
        String id = submit(dir, "--time=00:20:00", "-- org.jckpt.examples.Heat --n " + N + " --iters " + ITERS);
        // The launcher handles the signal from before it says "job": a request waits for the tasks.
        awaitOutput(dir.resolve("out.txt"), "jckpt: job ", Duration.ofMinutes(10));
        Mounts.run("scancel", "--signal=USR1", "--batch", id);
        assertEquals(awaitEnd(id, Duration.ofMinutes(20)), "COMPLETED");
        String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(out.contains("jckpt: checkpoint committed: " + dir.resolve("ck/heat.0")), out);
        assertEquals(restarts(id), 0);
        assertEquals(lastChecksum(out), reference.get(), out);
    }

    @DataProvider
    public Object[][] mpis() {
        return new Object[][] {{"openmpi"}, {"mpich"}};
    }

    /** On each MPI: Open MPI's mpirun and MPICH's Hydra both take their hosts from the allocation. */
    @Test(dataProvider = "mpis")
    public void aSetOfTwoTasksRequeuedIntoAOneTaskAllocationRestartsThereWithTheUninterruptedResult(String mpi) throws Exception {
        if (mpi.equals("mpich")) {
            Cli.requireMpich();
        }
        Path dir = Files.createTempDirectory("slurm");
        Path ck = Files.createDirectories(dir.resolve("ck"));
        // Without --overcommit the allocation's task count is its CPU count, which a held job's update changes.
        Files.writeString(dir.resolve("job.sh"), "#!/bin/bash\n"
                + "#SBATCH --ntasks=2 --requeue --time=00:20:00 --open-mode=append --output=" + dir.resolve("out.txt") + "\n"
                + "exec " + Cli.HOME.resolve("bin/jckpt") + " run --mpi " + mpi + " -np \"$SLURM_CPUS_ON_NODE\" --ckpt-dir " + ck
                + " --ckpt-every 125 -- org.jckpt.examples.Heat --n " + SMALL_N + " --iters " + SMALL_ITERS + "\n");
        String id = sbatch(dir);
        SetNaming naming = new SetNaming(ck, "heat");
        for (long end = System.nanoTime() + Duration.ofMinutes(10).toNanos(); naming.setTags().isEmpty(); Thread.sleep(200)) {
            if (System.nanoTime() > end) {
                Mounts.run("scancel", id);
                throw new AssertionError("no set committed within 10 minutes");
            }
        }
        Mounts.run("scontrol", "requeuehold", id);
        Mounts.run("scontrol", "update", "JobId=" + id, "NumTasks=1", "NumCPUs=1");
        Mounts.run("scontrol", "release", id);
        assertEquals(awaitEnd(id, Duration.ofMinutes(20)), "COMPLETED");
        String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(out.contains("written by 2 tasks, with 1 (its state redistributed)"), out);
        assertTrue(out.contains("jckpt: job ") && out.contains("started: 1 tasks of"), out);
        assertEquals(lastChecksum(out), smallReference.get(), out);
    }

    /**
     * {@code --max-restarts} in an allocation without a hostfile: the launcher reads the allocation's
     * nodes and slots from Slurm (scontrol, SLURM_TASKS_PER_NODE) after a task is killed, finds
     * none to leave out (its only node is this one), and restarts the job in the same allocation.
     */
    @Test
    public void aTaskKilledInAnAllocationRestartsTheJobOnItsNodes() throws Exception {
        Path dir = Files.createTempDirectory("slurm");
        Path ck = Files.createDirectories(dir.resolve("ck"));
        Files.writeString(dir.resolve("job.sh"), "#!/bin/bash\n"
                + "#SBATCH --ntasks=4 --overcommit --time=00:20:00 --open-mode=append --output=" + dir.resolve("out.txt") + "\n"
                + Cli.HOME.resolve("bin/jckpt") + " run -np 4 --ckpt-dir " + ck + " --ckpt-every 250 --max-restarts 1"
                + " -- org.jckpt.examples.Heat --n " + N + " --iters " + ITERS + " &\n"
                + "launcher=$!\n"
                + "until ls " + ck + " | grep -qx 'heat\\.[0-9]*'; do sleep 0.2; done\n"
                // This job's task 2, whatever else runs here: its rank and its checkpoint directory.
                + "for p in $(pgrep -f org.jckpt.examples.Heat); do\n"
                + "  env=$(tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null)\n"
                + "  grep -qx OMPI_COMM_WORLD_RANK=2 <<< \"$env\" && grep -qx MP_CKPTDIR=" + ck + " <<< \"$env\" && kill -9 $p\n"
                + "done\n"
                + "wait $launcher\n");
        String id = sbatch(dir);
        String state = awaitEnd(id, Duration.ofMinutes(20));
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(state, "COMPLETED", out);
        String from = Jobs.setDirectories(out, ck);
        assertTrue(out.matches("(?s).*jckpt: job failed \\(task 2 on \\S+ killed by signal 9 \\(Killed\\)\\); restart 1 of 1 from "
                + from + "/heat\\.\\d+\n.*"), out);
        assertTrue(!out.contains("leaving ") && !out.contains("cannot restart"), out);
        assertEquals(lastChecksum(out), reference.get(), out);
    }

    @Test
    public void anUnwritableCheckpointDirectoryFailsTheJobAtStart() throws Exception {
        Path dir = Files.createTempDirectory("slurm");
        Files.writeString(dir.resolve("job.sh"), script(dir, "--time=00:20:00", Path.of("/nonexistent/ck"),
                "-- org.jckpt.examples.Heat"));
        String id = sbatch(dir);
        assertEquals(awaitEnd(id, Duration.ofMinutes(10)), "FAILED");
        String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(out.contains("jckpt: checkpoint directory /nonexistent/ck does not exist"), out);
        assertTrue(!out.contains("jckpt: job "), "no task may start: " + out);
    }

    private static String submit(Path dir, String sbatchOptions, String runArgs) throws Exception {
        Files.createDirectories(dir.resolve("ck"));
        Files.writeString(dir.resolve("job.sh"), script(dir, sbatchOptions, dir.resolve("ck"), runArgs));
        return sbatch(dir);
    }

    private static String script(Path dir, String sbatchOptions, Path ckptDir, String runArgs) {
        return "#!/bin/bash\n"
                + "#SBATCH --ntasks=4 --overcommit --open-mode=append --output=" + dir.resolve("out.txt") + " " + sbatchOptions + "\n"
                + "exec " + Cli.HOME.resolve("bin/jckpt") + " run -np 4 --ckpt-dir " + ckptDir + " " + runArgs + "\n";
    }

    private static String sbatch(Path dir) throws Exception {
        Process p = new ProcessBuilder("sbatch", "--parsable", dir.resolve("job.sh").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(p.waitFor(), 0, out);
        return out.split(";")[0];
    }

    private static String field(String id, String name) throws Exception {
        Process p = new ProcessBuilder("scontrol", "show", "job", id).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(out);
        return m.find() ? m.group(1) : "";
    }

    private static int restarts(String id) throws Exception {
        return Integer.parseInt(field(id, "Restarts"));
    }

    private static String awaitEnd(String id, Duration timeout) throws Exception {
        for (long end = System.nanoTime() + timeout.toNanos(); System.nanoTime() < end; Thread.sleep(1000)) {
            String state = field(id, "JobState");
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED") || state.equals("TIMEOUT")) {
                return state;
            }
        }
        Mounts.run("scancel", id);
        throw new AssertionError("job " + id + " did not end within " + timeout);
    }

    private static void awaitOutput(Path file, String text, Duration timeout) throws Exception {
        awaitOutput(file, text, 1, timeout);
    }

    /** Waits until {@code file} has {@code times} lines that contain {@code text}. */
    private static void awaitOutput(Path file, String text, int times, Duration timeout) throws Exception {
        for (long end = System.nanoTime() + timeout.toNanos(); System.nanoTime() < end; Thread.sleep(200)) {
            if (Files.exists(file) && Files.readString(file).lines().filter(l -> l.contains(text)).count() >= times) {
                return;
            }
        }
        throw new AssertionError(file + " never showed '" + text + "'" + (times == 1 ? "" : " " + times + " times"));
    }

    private static String lastChecksum(String out) {
        return out.lines().filter(l -> l.startsWith("checksum ")).reduce((a, b) -> b).orElse("no checksum line");
    }
}
