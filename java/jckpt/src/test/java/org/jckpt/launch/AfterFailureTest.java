package org.jckpt.launch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jckpt.batch.BatchJob;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Layout;
import org.jckpt.store.RestartSets.VerifiedSet;
import org.jckpt.store.SetFiles;
import org.testng.annotations.Test;

/** What an automatic restart learns after a failure: the MPI's reason (Open MPI's, Hydra's), and which hosts still answer. */
public class AfterFailureTest {

    @Test
    public void mpirunsReportsOfAFailureBecomeOneCause() throws Exception {
        assertEquals(causeOf(new OpenMpiFailureReport(), "--------\nmpirun noticed that process rank 2 with PID 0 on node n7 exited"
                + " on signal 9 (Killed).\n"), Optional.of("task 2 on n7 killed by signal 9 (Killed)"));
        assertEquals(causeOf(new OpenMpiFailureReport(), "the job to be terminated. The first process to do so was:\n\n"
                + "  Process name: [[4242,1],3]\n  Exit code:    7\n"), Optional.of("task 3 exited with status 7"));
        assertEquals(causeOf(new OpenMpiFailureReport(), "ORTE has lost communication with a remote daemon.\n\n"
                + "  HNP daemon   : [[9,0],0] on node n1\n  Remote daemon: [[9,0],1] on node n2\n"),
                Optional.of("lost contact with Open MPI's daemon on n2"));
        assertEquals(causeOf(new OpenMpiFailureReport(), "Exit code: 1\nsomething else\n"), Optional.empty());
        assertEquals(causeOf(new OpenMpiFailureReport(), HYDRA_SEGFAULT), Optional.empty(), "Hydra's report is not Open MPI's");
    }

    /**
     * Hydra's report on its stdout (MPICH 4.2.1, Debian 13; 4.0.2 prints the same) after rank 1 of 2
     * segfaulted (PID 16795): the block names rank 0, which Hydra killed while cleaning up.
     */
    private static final String HYDRA_SEGFAULT = """
            rank 0 at step 100
            
            ===================================================================================
            =   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES
            =   PID 16794 RUNNING AT vm
            =   EXIT CODE: 9
            =   CLEANING UP REMAINING PROCESSES
            =   YOU CAN IGNORE THE BELOW CLEANUP MESSAGES
            ===================================================================================
            YOUR APPLICATION TERMINATED WITH THE EXIT STRING: Segmentation fault (signal 11)
            This typically refers to a problem with your application.
            Please see the FAQ page for debugging suggestions
            """;

    @Test
    public void hydrasReportOfAFailureBecomesOneCause() throws Exception {
        assertEquals(causeOf(new HydraFailureReport(), HYDRA_SEGFAULT), Optional.of("a task killed by signal 11 (Segmentation fault)"));
        assertEquals(causeOf(new HydraFailureReport(), HYDRA_SEGFAULT.replace("Segmentation fault (signal 11)", "Killed (signal 9)")
                + HYDRA_SEGFAULT), Optional.of("a task killed by signal 9 (Killed)"), "the first report is the failure");
        assertEquals(causeOf(new HydraFailureReport(), HYDRA_SEGFAULT.substring(0, HYDRA_SEGFAULT.indexOf("YOUR APPLICATION TERMINATED"))),
                Optional.empty(), "a block without the exit string says nothing of the failed task");
        assertEquals(causeOf(new HydraFailureReport(), "task 3 printed: YOUR APPLICATION TERMINATED WITH THE EXIT STRING: x (signal 1)\n"),
                Optional.empty(), "Hydra's line, not a task's line that quotes it");
    }

    /** What {@code report} makes of a launcher that prints {@code text} on the stream it reads; the text is passed on unchanged. */
    private static Optional<String> causeOf(FailureReport report, String text) throws Exception {
        Path file = Files.createTempFile("output", ".txt");
        Files.writeString(file, text);
        ProcessBuilder pb = LauncherOutput.redirect(new ProcessBuilder("sh", "-c",
                report.onStdout() ? "cat \"$0\"" : "cat \"$0\" >&2", file.toString()), report);
        Process p = pb.start();
        ByteArrayOutputStream passedOn = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(passedOn, true, StandardCharsets.UTF_8);
        LauncherOutput output = LauncherOutput.follow(p, out, out, report);
        p.waitFor();
        Optional<String> cause = output.cause();
        assertEquals(passedOn.toString(StandardCharsets.UTF_8), text);
        return cause;
    }

    @Test
    public void hostsThatDoNotAnswerAreLeftOutWhileTheOthersHaveSlotsForEveryTask() throws Exception {
        Path dir = Files.createTempDirectory("hosts");
        Path hostfile = hostfile(dir, "localhost slots=2\nnode1 slots=2 # spare\nnode2\nnode1 slots=1\n");
        List<String> said = new ArrayList<>();
        SurvivingHosts hosts = new SurvivingHosts(probeThrough(agentAnswering(dir, "node2")), said::add);
        VerifiedSet taskBound = set(List.of("localhost", "node1", "node1", "node2"), Layout.LOCAL);

        SurvivingHosts.NextRun next = hosts.after(hostfileHosts(hostfile), 3, taskBound, dir, "hostfile.1");
        assertEquals(Files.readString(next.hostfile()), "localhost slots=2\nnode2\n");
        assertEquals(next.tasks(), 3);
        assertEquals(next.dropped(), List.of("node1"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(next.hostfile())), "rw-------");
        assertEquals(said.size(), 1, said.toString());
        assertTrue(said.get(0).startsWith("leaving node1 out of the restart: it did not answer ("), said.get(0));
        assertTrue(said.get(0).endsWith(" exited with status 255: no route to node1); tasks 1, 2 ran there"), said.get(0));

        LaunchException e = expectThrows(LaunchException.class,
                () -> hosts.after(hostfileHosts(hostfile), 4, taskBound, dir, "hostfile.2"));
        assertTrue(e.getMessage().startsWith("node1 of hostfile " + hostfile + " did not answer ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("and the other hosts have 3 slots for 4 tasks; /ck/Heat.3 restarts only with 4 tasks:"
                + " task-local items grid cannot be redistributed"), e.getMessage());

        said.clear();
        assertEquals(new SurvivingHosts(probeThrough(agentAnswering(dir, "node1", "node2")), said::add)
                .after(hostfileHosts(hostfile), 4, taskBound, dir, "hostfile.3"), new SurvivingHosts.NextRun(hostfile, 4, List.of()),
                "every host answers: the same hostfile");
        assertEquals(said, List.of());
    }

    @Test
    public void aSetThatRedistributesRestartsWithAsManyTasksAsTheHostsThatAnswerHaveSlots() throws Exception {
        Path dir = Files.createTempDirectory("hosts");
        Path hostfile = hostfile(dir, "localhost slots=2\nnode1 slots=2\n");
        List<String> said = new ArrayList<>();
        SurvivingHosts hosts = new SurvivingHosts(probeThrough(agentAnswering(dir, "none")), said::add);

        SurvivingHosts.NextRun next = hosts.after(hostfileHosts(hostfile), 4,
                set(List.of("localhost", "localhost", "node1", "node1"), Layout.DISTRIBUTED), dir, "hostfile.1");

        assertEquals(next.tasks(), 2);
        assertEquals(Files.readString(next.hostfile()), "localhost slots=2\n");
        assertEquals(said.size(), 1, said.toString());
        assertTrue(said.get(0).endsWith("; tasks 2, 3 ran there"), said.get(0));
    }

    /**
     * Without a hostfile, in a batch allocation: its nodes and slots, each asked through the batch
     * system's launcher; those that do not answer are left out of a hostfile for the next run.
     */
    @Test
    public void anAllocationsNodesThatDoNotAnswerAreLeftOutOfAHostfileForTheNextRun() throws Exception {
        Path dir = Files.createTempDirectory("hosts");
        JobSpec job = JobSpec.builder(6, "Heat", List.of()).build();
        List<BatchJob.Node> nodes = List.of(new BatchJob.Node("localhost", 2), new BatchJob.Node("node1", 2),
                new BatchJob.Node("node2", 2));
        VerifiedSet set = set(List.of("localhost", "localhost", "node1", "node1", "node2", "node2"), Layout.DISTRIBUTED);
        JobHosts jobHosts = JobHosts.of(job, Optional.of(new FakeAllocation(dir, nodes, "node1")), null).orElseThrow();
        List<String> said = new ArrayList<>();

        SurvivingHosts.NextRun next = new SurvivingHosts(jobHosts::probe, said::add).after(jobHosts.of(job), 6, set, dir, "hostfile.1");

        assertEquals(next.tasks(), 4);
        assertEquals(next.dropped(), List.of("node2"));
        assertEquals(Files.readString(next.hostfile()), "localhost slots=2\nnode1 slots=2\n");
        assertEquals(said.size(), 1, said.toString());
        assertTrue(said.get(0).startsWith("leaving node2 out of the restart: it did not answer (" + dir.resolve("srun") + " -w node2 true"
                + " exited with status 1: srun: error: Invalid node name specified); tasks 4, 5 ran there"), said.get(0));

        JobHosts allAnswer = JobHosts.of(job, Optional.of(new FakeAllocation(dir, nodes, "node1|node2")), null).orElseThrow();
        assertEquals(new SurvivingHosts(allAnswer::probe, said::add).after(allAnswer.of(job), 6, set, dir, "hostfile.2"),
                new SurvivingHosts.NextRun(null, 6, List.of()), "every node answers: the allocation as it is");
        assertEquals(JobHosts.of(job, Optional.empty(), null), Optional.empty(), "no hostfile, no allocation: this host alone");
    }

    /** A batch allocation of {@code nodes} whose launcher ({@code DIR/srun -w HOST COMMAND}) reaches those {@code answering} names (a shell pattern). */
    private static final class FakeAllocation implements BatchJob {
        private final Path srun;
        private final List<Node> nodes;

        FakeAllocation(Path dir, List<Node> nodes, String answering) throws IOException {
            this.srun = dir.resolve("srun");
            this.nodes = nodes;
            Files.writeString(srun, "#!/bin/sh\ncase \"$2\" in " + answering + ") shift 2; exec \"$@\";; esac\n"
                    + "echo \"srun: error: Invalid node name specified\" >&2\nexit 1\n");
            Files.setPosixFilePermissions(srun, PosixFilePermissions.fromString("rwx------"));
        }

        @Override
        public String id() {
            return "42";
        }

        @Override
        public String describe() {
            return "fake job 42";
        }

        @Override
        public Optional<Instant> endTime() {
            return Optional.empty();
        }

        @Override
        public void requeue() {
            throw new UnsupportedOperationException("not asked of an allocation's hosts");
        }

        @Override
        public List<Node> nodes() {
            return nodes;
        }

        @Override
        public List<String> commandOn(String host, List<String> command) {
            List<String> cmd = new ArrayList<>(List.of(srun.toString(), "-w", host));
            cmd.addAll(command);
            return cmd;
        }
    }

    private static Path hostfile(Path dir, String lines) throws IOException {
        return Files.writeString(dir.resolve("hosts"), lines);
    }

    private static JobHosts.HostList hostfileHosts(Path hostfile) throws Exception {
        return new JobHosts.HostList("hostfile " + hostfile, hostfile, Hostfile.entries(hostfile));
    }

    /** Set 3 of tasks on {@code taskHosts}, its state one item "grid" laid out as {@code grid}. */
    private static VerifiedSet set(List<String> taskHosts, Layout grid) {
        return new VerifiedSet(Path.of("/ck/Heat.3"), new CheckpointSet(SetFiles.FORMAT, "app",
                new CheckpointSet.Program("Heat", List.of(), "", Map.of()), taskHosts.size(), taskHosts, 3, "now", List.of(),
                Map.of(), Map.of("grid", grid.label())));
    }

    private static Function<String, List<String>> probeThrough(RemoteShell shell) {
        return host -> shell.command(host, List.of("true"));
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
