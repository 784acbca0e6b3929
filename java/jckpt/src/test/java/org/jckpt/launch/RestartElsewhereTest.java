package org.jckpt.launch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jckpt.system.Hosts;
import org.testng.annotations.Test;

/** What a restart on another host relies on: the hostfile's hosts and the remote shell's words. */
public class RestartElsewhereTest {

    @Test
    public void hostfilesGiveTheirHostsInOrderWithoutCommentsOrSlots() throws Exception {
        Path f = Files.createTempFile("hosts", "");
        Files.writeString(f, "# the allocation\nnode7 slots=2\n\n  node3   # spare\nnode7 slots=2 max_slots=4\n");
        assertEquals(Hostfile.hosts(f), List.of("node7", "node3", "node7"));
        Files.writeString(f, "# nothing\n\n");
        LaunchException e = expectThrows(LaunchException.class, () -> Hostfile.hosts(f));
        assertTrue(e.getMessage().contains("names no host"), e.getMessage());
    }

    @Test
    public void thisHostIsKnownByItsNamesAndLoopbackButNotByAnother() {
        assertTrue(Hosts.isThisHost(Hosts.thisHost()));
        assertTrue(Hosts.isThisHost("localhost"));
        assertFalse(Hosts.isThisHost("no-such-node-" + ProcessHandle.current().pid()));
    }

    @Test
    public void theRemoteCommandIsOneShellLineThatSurvivesQuoting() throws Exception {
        RemoteShell shell = RemoteShell.of("ssh -x : rsh");
        List<String> cmd = shell.command("node3", List.of("/opt/dmtcp/bin/dmtcp_restart", "-h", "node7", "/ck/it's here.dmtcp"));
        assertEquals(cmd.subList(0, 3), List.of("ssh", "-x", "node3"));
        assertEquals(cmd.size(), 4);
        // The remote side hands the line to a shell: it must give back the same words.
        Process sh = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + cmd.get(3)).start();
        assertEquals(new String(sh.getInputStream().readAllBytes()).lines().toList(),
                List.of("/opt/dmtcp/bin/dmtcp_restart", "-h", "node7", "/ck/it's here.dmtcp"));
        assertEquals(RemoteShell.of(null).command("n", List.of("x")).get(0), "ssh", "Open MPI's default agent");
    }
}
