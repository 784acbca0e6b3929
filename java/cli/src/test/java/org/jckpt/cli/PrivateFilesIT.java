package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * A job's files are its owner's: Heat run through bin/jckpt with checkpoints, the launcher under
 * {@code umask 000}, leaves every file in the checkpoint directory 0600 and every directory 0700
 * (0640 and 0750 with --ckpt-group-read, which a restart keeps), and its runtime directory 0700.
 */
public class PrivateFilesIT {
    // Few iterations of much work each: a loaded machine's scheduling delays each halo exchange.
    private static final String[] HEAT = {"--", "org.jckpt.examples.Heat", "--n", "256", "--iters", "1250"};

    @BeforeClass
    public void requireOpenMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @DataProvider
    public Object[][] groupRead() {
        return new Object[][] {{false}, {true}};
    }

    @Test(dataProvider = "groupRead")
    public void everyFileOfAJobHasItsModeUnderUmask000(boolean groupRead) throws Exception {
        Path dir = Files.createTempDirectory("private");
        Path runtime = dir.resolveSibling(dir.getFileName() + "-runtime");
        Map<String, String> env = Cli.env("JCKPT_RUNTIME_DIR", runtime.toString());
        String[] run = Modes.args(new String[] {"run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-every", "312"},
                groupRead ? new String[] {"--ckpt-group-read"} : new String[0], HEAT);
        Cli.Result r = Cli.start(Modes.UMASK_000, env, run).waitFor(Duration.ofMinutes(10));
        assertEquals(r.status(), 0, r.toString());
        assertFalse(r.err().contains("warning"), r.toString());
        SetNaming naming = SetNaming.resolve(dir.toString(), null, HEAT[1]);
        assertFalse(naming.setTags().isEmpty(), "no set committed: " + r);
        Modes.assertTree(dir, groupRead);
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime)), "rwx------");
        Modes.assertTree(runtime, false);

        if (groupRead) {
            int newest = naming.setTags().last();
            // A checkpoint every other step: on a loaded machine the flush may have coalesced every set
            // but the last, and the restart from it has only a few steps left.
            Cli.Result again = Cli.start(Modes.UMASK_000, env, "restart", "--ckpt-every", "2",
                    naming.setFile(naming.setTags().first()).toString()).waitFor(Duration.ofMinutes(10));
            assertEquals(again.status(), 0, again.toString());
            assertTrue(naming.setTags().last() > newest, "the restarted job committed no set: " + again);
            Modes.assertTree(dir, true);
        }
    }

    @Test
    public void aCheckpointDirectoryOthersCanWriteIsOneWarningLine() throws Exception {
        Path dir = Files.createTempDirectory("shared");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Cli.Result r = Cli.run("run", "-np", "1", "--ckpt-dir", dir.toString(), "--ckpt-every", "5000",
                "--", "org.jckpt.examples.Heat", "--n", "32", "--iters", "5000");
        assertEquals(r.status(), 0, r.toString());
        String warning = "jckpt: warning: checkpoint directory " + dir + " is writable by other users";
        assertEquals(r.err().lines().filter(l -> l.startsWith(warning)).count(), 1L, r.toString());
        Modes.assertTree(dir, false);
    }
}
