package org.jckpt.launch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testng.annotations.Test;

/** What an automatic restart learns after a failure: Open MPI's reason, and which hosts still answer. */
public class AfterFailureTest {

    @Test
    public void mpirunsReportsOfAFailureBecomeOneCause() throws Exception {
        assertEquals(causeOf("--------\nmpirun noticed that process rank 2 with PID 0 on node n7 exited on signal 9 (Killed).\n"),
                Optional.of("task 2 on n7 killed by signal 9 (Killed)"));
        assertEquals(causeOf("the job to be terminated. The first process to do so was:\n\n  Process name: [[4242,1],3]\n"
                + "  Exit code:    7\n"), Optional.of("task 3 exited with status 7"));
        assertEquals(causeOf("ORTE has lost communication with a remote daemon.\n\n  HNP daemon   : [[9,0],0] on node n1\n"
                + "  Remote daemon: [[9,0],1] on node n2\n"), Optional.of("lost contact with Open MPI's daemon on n2"));
        assertEquals(causeOf("Exit code: 1\nsomething else\n"), Optional.empty());
    }

    /** What MpirunStderr makes of a process that prints {@code text} on stderr; the text is passed on unchanged. */
    private static Optional<String> causeOf(String text) throws Exception {
        Path file = Files.createTempFile("stderr", ".txt");
        Files.writeString(file, text);
        Process p = new ProcessBuilder("sh", "-c", "cat \"$0\" >&2", file.toString()).start();
        ByteArrayOutputStream passedOn = new ByteArrayOutputStream();
        MpirunStderr stderr = MpirunStderr.follow(p, new PrintStream(passedOn, true, StandardCharsets.UTF_8));
        p.waitFor();
        Optional<String> cause = stderr.cause();
        assertEquals(passedOn.toString(StandardCharsets.UTF_8), text);
        return cause;
    }

    @Test
    public void hostsThatDoNotAnswerAreLeftOutWhileTheOthersHaveSlotsForEveryTask() throws Exception {
        Path dir = Files.createTempDirectory("hosts");
        Path hostfile = dir.resolve("hosts");
        Files.writeString(hostfile, "localhost slots=2\nnode1 slots=2 # spare\nnode2\nnode1 slots=1\n");
        List<String> said = new ArrayList<>();
        SurvivingHosts hosts = new SurvivingHosts(agentAnswering(dir, "node2"), said::add);

        Path reduced = hosts.after(hostfile, 3, List.of("localhost", "node1", "node1", "node2"), dir, "hostfile.1");
        assertEquals(Files.readString(reduced), "localhost slots=2\nnode2\n");
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reduced)), "rw-------");
        assertEquals(said.size(), 1, said.toString());
        assertTrue(said.get(0).startsWith("leaving node1 out of the restart: it did not answer ("), said.get(0));
        assertTrue(said.get(0).endsWith(" exited with status 255: no route to node1); tasks 1, 2 ran there"), said.get(0));

        LaunchException e = expectThrows(LaunchException.class,
                () -> hosts.after(hostfile, 4, List.of(), dir, "hostfile.2"));
        assertTrue(e.getMessage().endsWith("and the other hosts have 3 slots for 4 tasks"), e.getMessage());

        said.clear();
        assertEquals(new SurvivingHosts(agentAnswering(dir, "node1", "node2"), said::add)
                .after(hostfile, 4, List.of(), dir, "hostfile.3"), hostfile, "every host answers: the same hostfile");
        assertEquals(said, List.of());
    }

    /** A remote shell agent, as Open MPI's plm_rsh_agent, that reaches {@code hosts} and no other. */
    private static RemoteShell agentAnswering(Path dir, String... hosts) throws Exception {
        Path agent = dir.resolve("rsh-" + String.join("-", hosts));
        Files.writeString(agent, "#!/bin/sh\ncase \"$1\" in " + String.join("|", hosts) + ") exec sh -c \"$2\";; esac\n"
                + "echo \"no route to $1\" >&2\nexit 255\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwx------"));
        return RemoteShell.of(agent.toString());
    }
}
