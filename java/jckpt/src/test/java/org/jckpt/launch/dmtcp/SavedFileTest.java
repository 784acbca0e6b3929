package org.jckpt.launch.dmtcp;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jckpt.launch.LaunchException;
import org.testng.annotations.Test;

/** A DMTCP restart restores the files saved with an image only where nothing changed since. */
public class SavedFileTest {

    @Test
    public void aSavedFileThatDiffersFromTheFileNowAtItsPathIsRefusedByName() throws Exception {
        Path files = Files.createTempDirectory("saved_files");
        Path jar = Files.createTempFile("app", ".jar");
        Files.writeString(jar, "version 1");
        Files.writeString(files.resolve("app.jar_99"), "version 1");
        Files.writeString(files.resolve("fd-info.txt"), "app.jar_99:" + jar + "\nvader_1:/dev/shm/vader_segment.x.1\n");
        List<SavedFile> listed = SavedFile.listed(files);
        assertEquals(listed.size(), 2);
        assertFalse(listed.get(0).isSessionFile());
        assertTrue(listed.get(1).isSessionFile());
        assertTrue(new SavedFile(jar, Path.of("/tmp/ompi.n1.0/pid.7/1/shared_mem_pool.n1")).isSessionFile(), "Open MPI 4");
        assertTrue(new SavedFile(jar, Path.of("/tmp/prterun.n1.77.0/1/0/sm_segment")).isSessionFile(), "Open MPI 5");

        listed.get(0).requireUnchanged();
        Files.delete(jar);
        listed.get(0).requireUnchanged(); // absent: DMTCP puts the saved copy back
        Files.writeString(jar, "version 2");
        LaunchException e = expectThrows(LaunchException.class, () -> listed.get(0).requireUnchanged());
        assertTrue(e.getMessage().contains(jar + " changed since the checkpoint"), e.getMessage());
    }
}
