package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Under a real one-node Grid Engine (ci/sge-start.sh): qsub -notify's warning signals become
 * checkpoints, and the checkpointing environment {@code jckpt} migrates a job through jckpt.
 *
 * <p>Each job's length follows this machine's speed: it runs without end until the test has seen
 * what it waits for; a later run of it waits until the test has chosen its length (a few thousand
 * iterations past its newest set) and written it to a file.
 */
public class GridEngineIT {
    /** Few iterations of much work each: a loaded machine's scheduling delays each halo exchange. */
    private static final int N = 512;
    private static final int EVERY = 125;
    /** Past the newest set in the checkpoint directory; a restart may start from a newer one on the node-local level. */
    private static final int MORE_ITERS = 5 * EVERY;

    @BeforeClass
    public void gridEngine() throws Exception {
        Cli.requireOpenMpi();
        Cli.startOrSkip("sge-start.sh", "Grid Engine");
    }

    @Test
    public void aSuspendedJobIsMigratedThroughJckptAndRestartsFromItsSet() throws Exception {
        Job job = Job.submit("-notify -ckpt jckpt -r y -pe jckpt 2");
        try {
            Jobs.awaitSets(job.naming(), 1, Duration.ofMinutes(10));
            qmod("-sj", job.id());
            job.awaitOutput("rerun: waiting for its length", Duration.ofMinutes(10));
            String expected = job.chooseLength();
            job.awaitEnd(Duration.ofMinutes(20));
            String out = job.output();
            assertTrue(out.contains("jckpt: checkpoint committed: "), out);
            assertTrue(out.contains("jckpt: restarting from ") && out.contains("restarted at iteration "), out);
            assertEquals(job.lastChecksum(), expected, out);
            assertTrue(job.awaitRuns(2, Duration.ofMinutes(2)), "Grid Engine ran it " + job.runs() + " time(s): " + out);
        } finally {
            job.delete();
        }
    }

    @Test
    public void qdelOfANotifiedJobCommitsASetThatItsResubmissionRestartsFrom() throws Exception {
        Job job = Job.submit("-notify -r y -pe jckpt 2");
        try {
            Jobs.awaitSets(job.naming(), 1, Duration.ofMinutes(10));
            int before = job.naming().setTags().last();
            qdel(job.id());
            job.awaitGone(Duration.ofMinutes(5));
            String out = job.output();
            assertTrue(out.contains("jckpt: SIGUSR2 from Grid Engine job " + job.id() + ": taking a checkpoint"), out);
            assertTrue(job.naming().setTags().last() > before, "no set committed on the warning: " + out);
            String expected = job.chooseLength();
            Job again = job.resubmit("-notify -r y -pe jckpt 2");
            again.awaitEnd(Duration.ofMinutes(20));
            assertTrue(again.output().contains("jckpt: restarting from ") && again.output().contains("restarted at iteration "),
                    again.output());
            assertEquals(again.lastChecksum(), expected, again.output());
        } finally {
            job.delete();
        }
    }

    /** Grid Engine signals the whole process group: the launcher takes the checkpoint, and the tasks must live on. */
    @Test
    public void sigusr1BeforeASuspendCommitsASetAndTheTasksGoOn() throws Exception {
        Job job = Job.submit("-notify -r y -pe jckpt 2");
        try {
            Jobs.awaitSets(job.naming(), 1, Duration.ofMinutes(10));
            qmod("-sj", job.id());
            job.awaitOutput("jckpt: checkpoint committed: ", Duration.ofMinutes(10));
            qmod("-usj", job.id());
            assertTrue(job.output().contains("jckpt: SIGUSR1 from Grid Engine job " + job.id() + ": taking a checkpoint"),
                    job.output());
            Jobs.awaitSetAfter(job.naming(), job.naming().setTags().last(), Duration.ofMinutes(10));
            assertEquals(run("qstat", "-j", job.id()), 0, "the job goes on: " + job.output());
        } finally {
            job.delete();
        }
    }

    @Test
    public void aMissingCheckpointDirectoryFailsTheJobAtStart() throws Exception {
        Job job = Job.submit("-pe jckpt 2", Path.of("/nonexistent/ck"));
        job.awaitEnd(Duration.ofMinutes(10));
        String out = job.output();
        assertTrue(out.contains("jckpt: checkpoint directory /nonexistent/ck does not exist"), out);
        assertTrue(!out.contains("jckpt: job "), "no task may start: " + out);
        assertNotEquals(job.exitStatus(), "0", out);
    }

    /** A Heat job of 2 tasks in its own directory: job.sh, out.txt, ck/, iters. */
    private record Job(String id, Path dir, Path ck) {
        static Job submit(String options) throws Exception {
            Path dir = Files.createTempDirectory("sge");
            return submit(dir, options, Files.createDirectories(dir.resolve("ck")));
        }

        static Job submit(String options, Path ck) throws Exception {
            return submit(Files.createTempDirectory("sge"), options, ck);
        }

        private static Job submit(Path dir, String options, Path ck) throws Exception {
            Path iters = dir.resolve("iters");
            Files.writeString(dir.resolve("job.sh"), "#!/bin/bash\n"
                    + "if [ \"${RESTARTED:-0}\" != 0 ]; then\n"
                    + "  echo 'rerun: waiting for its length'\n"
                    + "  until [ -s " + iters + " ]; do sleep 0.2; done\n"
                    + "fi\n"
                    + "iters=$(cat " + iters + " 2>/dev/null || echo " + Long.MAX_VALUE + ")\n"
                    + "exec " + Cli.HOME.resolve("bin/jckpt") + " run -np \"$NSLOTS\" --ckpt-dir " + ck + " --ckpt-every " + EVERY
                    + " -- org.jckpt.examples.Heat --n " + N + " --iters $iters\n");
            return new Job(qsub(dir, options), dir, ck);
        }

        Job resubmit(String options) throws Exception {
            return new Job(qsub(dir, options), dir, ck);
        }

        private static String qsub(Path dir, String options) throws Exception {
            List<String> cmd = new java.util.ArrayList<>(List.of("qsub", "-terse", "-S", "/bin/bash", "-wd", dir.toString(),
                    "-j", "y", "-o", dir.resolve("out.txt").toString()));
            cmd.addAll(List.of(options.split(" ")));
            cmd.add(dir.resolve("job.sh").toString());
            String out = command(cmd);
            return out.strip().split("\\.")[0];
        }

        SetNaming naming() {
            return new SetNaming(ck, "heat");
        }

        /** Makes the job end five sets' intervals past its newest set; returns that run's checksum. */
        String chooseLength() throws Exception {
            long length = Jobs.heatIterationOfNewestSet(ck, N) + MORE_ITERS;
            String expected = HeatReference.checksum(N, Math.toIntExact(length));
            Path chosen = Files.writeString(dir.resolve("iters.new"), Long.toString(length));
            Files.move(chosen, dir.resolve("iters"), StandardCopyOption.ATOMIC_MOVE);
            return expected;
        }

        String output() throws Exception {
            Path out = dir.resolve("out.txt");
            return Files.exists(out) ? Files.readString(out) : "";
        }

        String lastChecksum() throws Exception {
            return output().lines().filter(l -> l.startsWith("checksum ")).reduce((a, b) -> b).orElse("no checksum line");
        }

        void awaitOutput(String text, Duration timeout) throws Exception {
            for (long end = System.nanoTime() + timeout.toNanos(); !output().contains(text); Thread.sleep(200)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("job " + id + " never printed '" + text + "': " + output());
                }
            }
        }

        /** Until Grid Engine no longer knows the job, and its accounting record is written. */
        void awaitEnd(Duration timeout) throws Exception {
            awaitGone(timeout);
            for (long end = System.nanoTime() + Duration.ofMinutes(1).toNanos(); exitStatus().isEmpty(); Thread.sleep(500)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("no accounting record of job " + id);
                }
            }
        }

        void awaitGone(Duration timeout) throws Exception {
            for (long end = System.nanoTime() + timeout.toNanos(); run("qstat", "-j", id) == 0; Thread.sleep(500)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("job " + id + " did not end within " + timeout + ": " + output());
                }
            }
        }

        /** The exit status of the job's last run, from qacct; empty before it has a record. */
        String exitStatus() throws Exception {
            Matcher m = Pattern.compile("(?m)^exit_status\\s+(\\d+)").matcher(accounting());
            String last = "";
            while (m.find()) {
                last = m.group(1);
            }
            return last;
        }

        /** Whether qacct records {@code count} runs of the job within {@code timeout} (it writes them a little after each run). */
        boolean awaitRuns(int count, Duration timeout) throws Exception {
            for (long end = System.nanoTime() + timeout.toNanos(); runs() < count; Thread.sleep(500)) {
                if (System.nanoTime() > end) {
                    return false;
                }
            }
            return true;
        }

        /** How many times Grid Engine ran the job: its records in qacct. */
        int runs() throws Exception {
            return (int) accounting().lines().filter(l -> l.startsWith("exit_status")).count();
        }

        private String accounting() throws Exception {
            Process p = new ProcessBuilder("qacct", "-j", id).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : "";
        }

        void delete() throws Exception {
            run("qdel", id); // nothing to do once it ended
        }
    }

    private static void qmod(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("qmod"));
        cmd.addAll(List.of(args));
        command(cmd);
    }

    private static void qdel(String id) throws Exception {
        command(List.of("qdel", id));
    }

    private static String command(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(p.waitFor(), 0, String.join(" ", cmd) + ": " + out);
        return out;
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }
}
