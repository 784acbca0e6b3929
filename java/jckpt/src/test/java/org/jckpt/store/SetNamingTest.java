package org.jckpt.store;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

public class SetNamingTest {

    @Test
    public void defaultNameIsTheMainClassSimpleNameInLowerCase() {
        SetNaming n = SetNaming.resolve("/ckpt", null, "org.jckpt.examples.Heat");
        assertEquals(n.name(), "heat");
        assertEquals(n.taskFile(3, 7), Path.of("/ckpt/heat.3.7"));
        assertEquals(n.setFile(7), Path.of("/ckpt/heat.7"));
        assertEquals(n.launcherFile(7), Path.of("/ckpt/heat.mpirun.7"));
    }

    @Test
    public void aPathInTheFileNameOverridesTheDirectoryAsInPe() {
        assertEquals(SetNaming.resolve("/ckpt", "/gpfs/9hourjob", "x.Y"), new SetNaming(Path.of("/gpfs"), "9hourjob"));
        assertEquals(SetNaming.resolve("/ckpt", "9hourjob", "x.Y"), new SetNaming(Path.of("/ckpt"), "9hourjob"));
        assertEquals(SetNaming.resolve("/ckpt", "sub/job", "x.Y"), new SetNaming(Path.of("/ckpt/sub"), "job"));
    }

    @Test
    public void setFileNamesParseBack() {
        assertEquals(SetNaming.ofSetFile(Path.of("/d/heat.12")), new SetNaming(Path.of("/d"), "heat"));
        assertEquals(SetNaming.tagOf(Path.of("/d/heat.12")), 12);
        assertThrows(IllegalArgumentException.class, () -> SetNaming.ofSetFile(Path.of("/d/heat")));
    }

    @Test
    public void tagsDistinguishSetFilesFromTaskFilesAndOtherNames() throws Exception {
        Path dir = Files.createTempDirectory("naming");
        for (String f : List.of("heat.0", "heat.0.0", "heat.1.0", "heat.1", "heat.0.4.part", "heat.mpirun.3", "heated.9", "heat.x")) {
            Files.createFile(dir.resolve(f));
        }
        SetNaming n = new SetNaming(dir, "heat");
        assertEquals(List.copyOf(n.setTags()), List.of(0, 1));
        assertEquals(List.copyOf(n.allTags(false)), List.of(0, 1, 3));
        assertEquals(List.copyOf(n.allTags(true)), List.of(0, 1, 3, 4));
    }

    @Test
    public void onlyASetFileOfThisNameIsASetFileName() {
        SetNaming n = new SetNaming(Path.of("/d"), "heat");
        assertTrue(n.isSetFileName("heat.12"));
        for (String other : List.of("heat.0.12", "heat.12.part", "heated.12", "heat.x", "heat.12345678901", "heat.", "../heat.1")) {
            assertFalse(n.isSetFileName(other), other);
        }
    }
}
