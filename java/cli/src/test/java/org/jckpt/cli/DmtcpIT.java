package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileTrees;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * The DMTCP engine with a real DMTCP (DMTCP_HOME, or dmtcp_launch on PATH): Heat on 2 and 4
 * tasks, complete, partial and system-initiated checkpoints, the whole job SIGKILLed once a set
 * committed, then {@code jckpt restart}: the same checksum as an uninterrupted run.
 */
public class DmtcpIT {
    private static final int N = 256;
    private static final int ITERS = 16000;
    private static final String[] HEAT = {"org.jckpt.examples.Heat", "--n", Integer.toString(N), "--iters", Integer.toString(ITERS)};
    private String checksum;

    @BeforeClass
    public void requireDmtcp() throws Exception {
        Cli.requireOpenMpi();
        Cli.requireDmtcp();
        checksum = HeatReference.checksum(N, ITERS);
    }

    @DataProvider
    public Object[][] tasks() {
        return new Object[][] {{2}, {4}};
    }

    @Test(dataProvider = "tasks")
    public void completeCheckpoints(int tasks) throws Exception {
        killAndRestart(tasks, List.of("--ckpt-every", "4000"), List.of(), false);
    }

    @Test(dataProvider = "tasks")
    public void partialCheckpointsFromOneTask(int tasks) throws Exception {
        killAndRestart(tasks, List.of(), List.of("--partial-every", "4000"), false);
    }

    @Test(dataProvider = "tasks")
    public void systemInitiatedCheckpoints(int tasks) throws Exception {
        killAndRestart(tasks, List.of(), List.of(), true);
    }

    /**
     * DMTCP creates the images and their saved files itself; under umask 000 and with
     * --ckpt-group-read they are still 0640 and 0750 once in the set, and the staging directory,
     * where DMTCP writes them, is 0750 while the job runs.
     */
    @Test
    public void imagesAndSavedFilesHaveTheJobsModeUnderUmask000() throws Exception {
        Path dir = Files.createTempDirectory("dmtcp");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT[0]);
        Cli.Running job = Cli.start(Modes.UMASK_000, Map.of(), Modes.args(new String[] {"run", "--engine", "dmtcp", "-np", "2",
                "--ckpt-dir", dir.toString(), "--ckpt-every", "4000", "--ckpt-group-read", "--"}, HEAT));
        Jobs.awaitSets(naming, 1, job);
        Path staging = dir.resolve("." + naming.name() + ".dmtcp");
        try (Stream<Path> runs = Files.list(staging)) {
            for (Path p : (Iterable<Path>) Stream.concat(Stream.of(staging), runs)::iterator) {
                assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), "rwxr-x---", p.toString());
            }
        }
        Cli.Result r = job.waitFor(Duration.ofMinutes(20));
        assertEquals(r.status(), 0, r.toString());
        assertTrue(naming.setTags().size() >= 2, r.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith("_files")), "no saved files to check");
        }
        Modes.assertTree(dir, true);
        FileTrees.delete(dir);
    }

    /** {@code --max-restarts}: a task killed once a set committed; the launcher restarts the job from its images on its own. */
    @Test
    public void aTaskKilledRestartsTheJobFromItsImagesOnItsOwn() throws Exception {
        Path dir = Files.createTempDirectory("dmtcp");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT[0]);
        Cli.Running job = start(2, dir, List.of("--ckpt-every", "4000", "--max-restarts", "1"), List.of());
        Cli.Result r;
        try {
            Jobs.awaitSets(naming, 1, job);
            Jobs.task(job, 1).destroyForcibly();
            r = job.waitFor(Duration.ofMinutes(20));
        } finally {
            job.killWholeJob();
        }
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.err().contains("; restart 1 of 1 from " + dir), r.toString());
        assertTrue(r.err().contains("jckpt: 1 automatic restart\n"), r.toString());
        assertEquals(r.lastLine(), checksum, r.toString());
        assertNoStagingLeft(dir);
        FileTrees.delete(dir);
    }

    private void killAndRestart(int tasks, List<String> runOptions, List<String> programOptions, boolean systemInitiated)
            throws Exception {
        Path dir = Files.createTempDirectory("dmtcp");
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT[0]);
        Cli.Running job = start(tasks, dir, runOptions, programOptions);
        if (systemInitiated) {
            String id = Jobs.jobId(job);
            Thread.sleep(1500);
            Cli.Result ck = Cli.run("checkpoint", id);
            assertEquals(ck.status(), 0, ck + "\n--- job\n" + job.errText());
            assertEquals(Path.of(ck.out().strip()), naming.setFile(0));
        }
        Jobs.awaitSets(naming, 1, job);
        assertTrue(job.process().isAlive(), "the job ended before it could be killed: " + job.errText());
        job.killWholeJob();
        assertSetOfEveryProcess(naming, tasks);
        Cli.Result r = Cli.run(Map.of(), "restart", "--latest", dir.resolve(naming.name()).toString());
        assertEquals(r.status(), 0, r.toString());
        assertEquals(r.lastLine(), checksum, r.toString());
        assertNoStagingLeft(dir);
        FileTrees.delete(dir); // a passed test's images (GBs of JVM heaps) are of no more use
    }

    private static Cli.Running start(int tasks, Path dir, List<String> runOptions, List<String> programOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--engine", "dmtcp", "-np", Integer.toString(tasks),
                "--ckpt-dir", dir.toString()));
        args.addAll(runOptions);
        args.add("--");
        args.addAll(List.of(HEAT));
        args.addAll(programOptions);
        return Cli.start(Map.of(), args.toArray(String[]::new));
    }

    /** The newest set lists one image per task and mpirun's, and no copy of the JDK's lib/modules. */
    private static void assertSetOfEveryProcess(SetNaming naming, int tasks) throws Exception {
        CheckpointSet set = SetFiles.read(naming.setFile(naming.setTags().last()));
        assertEquals(set.engine(), "dmtcp");
        List<String> images = set.files().stream().filter(f -> !f.file().contains("/")).map(CheckpointSet.FileEntry::task).sorted().toList();
        List<String> expected = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            expected.add(Integer.toString(t));
        }
        expected.add(SetNaming.LAUNCHER_TASK);
        assertEquals(images, expected.stream().sorted().toList());
        assertFalse(set.files().stream().anyMatch(f -> f.file().contains("/modules_")), "lib/modules copied: " + set.files());
    }

    /** Runs leave no hidden staging directory behind once they end. */
    private static void assertNoStagingLeft(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> hidden = files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(".")).toList();
            assertTrue(hidden.isEmpty(), "left in " + dir + ": " + hidden);
        }
    }
}
