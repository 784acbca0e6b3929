package org.jckpt.store;

import static org.jckpt.store.ModeAssertions.assertTreeModes;
import static org.jckpt.store.ModeAssertions.mode;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Whatever the umask and whatever is left in the way, what jckpt creates has exactly the job's
 * mode. The test JVM's umask is whatever it is; the modes asserted are exact, so a creation that
 * relied on the umask would fail under a permissive or a strict one alike (the CLI test runs the
 * launcher under umask 000 too).
 */
public class FileModesTest {
    @DataProvider
    public Object[][] policies() {
        return new Object[][] {{FileModes.OWNER_ONLY, "rw-------", "rwx------"}, {new FileModes(true), "rw-r-----", "rwxr-x---"}};
    }

    @Test(dataProvider = "policies")
    public void filesAndDirectoriesGetExactlyThePolicysMode(FileModes modes, String file, String dir) throws Exception {
        Path base = Files.createTempDirectory("modes");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path nested = modes.createDirectories(base.resolve("a/b"));
        modes.write(nested.resolve("f"), new byte[] {1});
        Durable.writeAtomically(nested.resolve("set"), new byte[] {2}, modes);

        assertEquals(mode(base.resolve("a")), dir);
        assertEquals(mode(nested), dir);
        assertEquals(mode(nested.resolve("f")), file);
        assertEquals(mode(nested.resolve("set")), file);
        assertEquals(mode(base), "rwxrwxrwx", "an existing directory is left as it is");
    }

    @Test(dataProvider = "policies")
    public void aLeftoverGetsTheModeAndALinkInTheWayIsNotFollowed(FileModes modes, String file, String dir) throws Exception {
        Path base = Files.createTempDirectory("modes");
        Path open = Files.writeString(base.resolve("x.part"), "a crashed write's");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path elsewhere = Files.writeString(base.resolve("elsewhere"), "not ours to write");
        String elsewhereMode = mode(elsewhere);
        Path link = Files.createSymbolicLink(base.resolve("y.part"), elsewhere);

        modes.write(open, new byte[] {1});
        expectThrows(IOException.class, () -> modes.write(link, new byte[] {1}));

        assertEquals(mode(open), file);
        assertEquals(Files.readAllBytes(open), new byte[] {1});
        assertEquals(Files.readString(elsewhere), "not ours to write");
        assertEquals(mode(elsewhere), elsewhereMode);
    }

    @Test(dataProvider = "policies")
    public void restrictSetsATreeSomeoneElseWroteAndLeavesLinksAlone(FileModes modes, String file, String dir) throws Exception {
        Path tree = Files.createDirectories(Files.createTempDirectory("modes").resolve("ckpt_files"));
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path saved = Files.writeString(tree.resolve("a.jar"), "jar");
        Files.setPosixFilePermissions(saved, PosixFilePermissions.fromString("rw-rw-r--"));
        Path outside = Files.writeString(tree.getParent().resolve("outside"), "x");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createSymbolicLink(tree.resolve("link"), outside);

        modes.restrict(tree);

        assertTreeModes(tree, modes);
        assertEquals(mode(outside), "rw-rw-rw-", "a link's target is not the tree's");
    }
}
