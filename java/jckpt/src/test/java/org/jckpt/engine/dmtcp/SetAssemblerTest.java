package org.jckpt.engine.dmtcp;

import static org.jckpt.store.ModeAssertions.assertTreeModes;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jckpt.api.CheckpointException;
import org.jckpt.launch.RestartChoice;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
import org.jckpt.store.Progress;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.RestartSets;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.jckpt.store.SetVerifier;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** A checkpoint's images (as DMTCP leaves them in the staging directory) become a set; settling prunes. */
public class SetAssemblerTest {
    private static final String TASK0 = "98ff-41000-7b30dd62fc4";
    private static final String TASK1 = "98ff-42000-7b349d596b4";
    private static final String MPIRUN = "98ff-40000-7b240bfd511";
    private static final CheckpointSet.Program HEAT = new CheckpointSet.Program("Heat", List.of(), "", Map.of());

    @Test
    public void imagesBecomeAVerifiableSetNamedByTaskAndOlderSetsGoOnlyWhenSettled() throws Exception {
        Path dir = Files.createTempDirectory("assemble");
        SetNaming naming = new SetNaming(dir, "heat");
        ImageStaging staging = stagingWithTasks(naming);
        SetAssembler assembler = new SetAssembler(staging, naming, HEAT, 2, 1);

        Path first = checkpoint(assembler, staging, 0, Map.of());
        assertTrue(SetVerifier.verify(first, Progress.NONE).files().size() >= 3);
        Path second = checkpoint(assembler, staging, 1, Map.of());

        assertTrue(Files.exists(first), "the previous set stays until the new one is settled");
        assembler.settle(1);
        assertFalse(Files.exists(first), "settled: older sets beyond keep=1 go");
        assertFalse(Files.exists(naming.taskFile(0, 0)));
        CheckpointSet set = SetVerifier.verify(second, Progress.NONE);
        assertEquals(set.hosts(), List.of("h1", "h2"));
        assertEquals(set.engineInfo().get("generation"), "7");
        assertTrue(Files.exists(naming.taskFile(0, 1)) && Files.exists(naming.taskFile(1, 1)));
        assertTrue(Files.exists(naming.launcherFile(1)), "mpirun's image is named as the launcher's");
    }

    @Test
    public void aDmtcpSetIsRefusedInOneLineForAnotherTaskCount() throws Exception {
        Path dir = Files.createTempDirectory("assemble");
        SetNaming naming = new SetNaming(dir, "heat");
        ImageStaging staging = stagingWithTasks(naming);
        Path set = checkpoint(new SetAssembler(staging, naming, HEAT, 2, 1), staging, 0, Map.of());

        SetFileException e = expectThrows(SetFileException.class,
                () -> RestartChoice.forRestart(set, null, LocalLevel.DEFAULT_ROOT, 3, RestartSets.ProgressFactory.NONE, line -> { }));
        assertEquals(e.getMessage(), set + ": written by 2 tasks, this job has 3; it restarts only with 2:"
                + " task-local items DMTCP process images cannot be redistributed");
        assertFalse(SetFiles.read(set).redistributable());
    }

    /**
     * After an automatic restart, a task restored from an image assembles sets with the program it
     * had when the image was written (no restart yet); the set records the count of the run the
     * launcher recorded in the staging directory.
     */
    @Test
    public void aSetRecordsTheRestartCountOfItsRunNotTheOneInARestoredTasksMemory() throws Exception {
        Path dir = Files.createTempDirectory("assemble");
        SetNaming naming = new SetNaming(dir, "heat");
        ImageStaging staging = stagingWithTasks(naming);
        CheckpointSet.Program beforeRestart = new CheckpointSet.Program("Heat", List.of(), "",
                new RecordedOptions(2, "4000", false, 0, null, null).toMap());
        staging.recordRestarts(2);

        CheckpointSet set = SetFiles.read(checkpoint(new SetAssembler(staging, naming, beforeRestart, 2, 2), staging, 0, Map.of()));

        assertEquals(RecordedOptions.of(set.program()), new RecordedOptions(2, "4000", false, 2, null, null));
    }

    @Test
    public void aFollowedChecksumIsUsedAsIs() throws Exception {
        Path dir = Files.createTempDirectory("assemble");
        SetNaming naming = new SetNaming(dir, "heat");
        ImageStaging staging = stagingWithTasks(naming);
        SetAssembler assembler = new SetAssembler(staging, naming, HEAT, 2, 2);
        writeImages(staging);
        Path image = staging.dir().resolve(imageName(TASK0));
        var key = Files.readAttributes(image, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        // A deliberately different checksum: the set must carry the followed one, not re-read the file.
        Map<String, FollowedImage> followed = Map.of(imageName(TASK0), new FollowedImage(key, Files.size(image), 0x1234L));

        CheckpointSet set = SetFiles.read(assembler.assemble(0, 3, followed, succeeded(staging)));
        CheckpointSet.FileEntry task0 = set.files().stream().filter(f -> f.file().equals("heat.0.0")).findFirst().orElseThrow();
        assertEquals(task0.crc32c(), "00001234");
    }

    @DataProvider
    public Object[][] policies() {
        return new Object[][] {{FileModes.OWNER_ONLY}, {new FileModes(true)}};
    }

    /** DMTCP writes images and saved files with modes of its own (here: as under umask 002); the set has the job's. */
    @Test(dataProvider = "policies")
    public void theSetsFilesHaveTheJobsModeWhateverDmtcpGaveThem(FileModes modes) throws Exception {
        Path dir = Files.createTempDirectory("assemble");
        Files.setPosixFilePermissions(dir, modes.directory()); // the user's checkpoint directory, as the user made it
        SetNaming naming = new SetNaming(dir, "heat");
        ImageStaging staging = stagingWithTasks(naming, modes);
        SetAssembler assembler = new SetAssembler(staging, naming, HEAT, 2, 1);
        writeImages(staging);
        try (Stream<Path> written = Files.walk(staging.dir())) {
            for (Path p : (Iterable<Path>) written.filter(p -> staging.dir().relativize(p).toString().startsWith("ckpt_"))::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxr-x" : "rw-rw-r--"));
            }
        }

        assembler.assemble(0, 3, Map.of(), succeeded(staging));

        assertTreeModes(dir, modes);
    }

    private static Path checkpoint(SetAssembler assembler, ImageStaging staging, int tag, Map<String, FollowedImage> followed)
            throws IOException, InterruptedException {
        writeImages(staging);
        return assembler.assemble(tag, 3, followed, succeeded(staging));
    }

    @Test
    public void aTaskWhoseCallbackFailedKeepsTheSetFromCommittingAndItsImagesGo() throws Exception {
        Path dir = Files.createTempDirectory("assemble");
        SetNaming naming = new SetNaming(dir, "heat");
        ImageStaging staging = stagingWithTasks(naming);
        SetAssembler assembler = new SetAssembler(staging, naming, HEAT, 2, 2);
        writeImages(staging);
        CallbackVerdicts verdicts = CallbackVerdicts.of(staging);
        verdicts.clear();
        verdicts.record(1, "onResume failed on task 1 (h2): java.io.IOException: no");
        verdicts.record(0, "");

        CheckpointException e = expectThrows(CheckpointException.class, () -> assembler.assemble(0, 3, Map.of(), verdicts));

        assertTrue(e.getMessage().contains("onResume failed on task 1"), e.getMessage());
        assertFalse(Files.exists(naming.setFile(0)));
        assertFalse(Files.exists(naming.taskFile(0, 0)) || Files.exists(naming.taskFile(1, 0)) || Files.exists(naming.launcherFile(0)));
    }

    private static CallbackVerdicts succeeded(ImageStaging staging) throws IOException {
        CallbackVerdicts verdicts = CallbackVerdicts.of(staging);
        verdicts.clear();
        verdicts.record(0, "");
        verdicts.record(1, "");
        return verdicts;
    }

    private static ImageStaging stagingWithTasks(SetNaming naming) throws IOException {
        return stagingWithTasks(naming, FileModes.OWNER_ONLY);
    }

    private static ImageStaging stagingWithTasks(SetNaming naming, FileModes modes) throws IOException {
        ImageStaging staging = ImageStaging.of(naming, "run1", modes);
        staging.create();
        staging.recordTask(new ImageStaging.TaskRecord(0, TASK0, "h1"));
        staging.recordTask(new ImageStaging.TaskRecord(1, TASK1, "h2"));
        return staging;
    }

    private static String imageName(String pid) {
        return "ckpt_" + (pid.equals(MPIRUN) ? "orterun" : "java") + "_" + pid + ".dmtcp";
    }

    /** Images with DMTCP's header (signature, generation 7 at byte 100) and a saved-files directory for one. */
    private static void writeImages(ImageStaging staging) throws IOException {
        for (String pid : List.of(TASK0, TASK1, MPIRUN)) {
            ByteBuffer image = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
            image.put("DMTCP_CHECKPOINT_IMAGE_v4.0\n".getBytes(StandardCharsets.US_ASCII));
            image.putInt(100, 7);
            image.put(200, (byte) pid.hashCode());
            Files.write(staging.dir().resolve(imageName(pid)), image.array());
        }
        Path files = Files.createDirectories(staging.dir().resolve("ckpt_java_" + TASK0 + ImageStaging.FILES_SUFFIX));
        Files.writeString(files.resolve("fd-info.txt"), "a.jar:/x/a.jar\n");
    }
}
