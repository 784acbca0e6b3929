package org.jckpt.store;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.testng.annotations.Test;

public class LevelsTest {
    private static Levels withLocalDir(String dir) {
        return new Levels(true, Path.of(dir), 0, "none");
    }

    @Test
    public void hostPlaceholderBecomesEachHostsShortName() {
        Levels levels = withLocalDir("/scratch/%h/jckpt");
        assertTrue(levels.perHost());
        assertEquals(levels.localRootOn("node17.cluster.example"), Path.of("/scratch/node17/jckpt"));
        assertEquals(levels.localRootOn("jckpt-h2"), Path.of("/scratch/jckpt-h2/jckpt"));
    }

    @Test
    public void aDirectoryWithoutThePlaceholderIsTheSameOnEveryHost() {
        Levels levels = withLocalDir("/dev/shm");
        assertFalse(levels.perHost());
        assertEquals(levels.localRootOn("node17"), Path.of("/dev/shm"));
    }

    @Test
    public void thePlaceholderReachesTheTasksUnexpanded() {
        Map<String, String> env = new HashMap<>();
        withLocalDir("/scratch/%h").toEnvironment(env);
        Levels tasks = Levels.fromEnvironment(env);
        assertEquals(tasks.localRoot(), Path.of("/scratch/%h"));
        assertEquals(tasks.localRootOn("n1"), Path.of("/scratch/n1"));
    }
}
