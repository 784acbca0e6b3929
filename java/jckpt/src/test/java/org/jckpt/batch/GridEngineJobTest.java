package org.jckpt.batch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.system.ExternalCommand;
import org.testng.annotations.Test;

/** A Grid Engine job: found by its variables, its hosts from PE_HOSTFILE, rescheduled with qmod, tasks started by qrsh. */
public class GridEngineJobTest {
    private static final ExternalCommand.Runner NO_COMMANDS = (command, timeout) -> {
        throw new AssertionError("no command expected: " + command);
    };

    @Test
    public void aJobIsGridEnginesWhenItsExecutionDaemonSetJobIdAndSgeRootAndSlurmsComesFirst() {
        assertEquals(BatchJob.detect(Map.of("JOB_ID", "7", "SGE_ROOT", "/var/lib/gridengine")).map(BatchJob::describe),
                java.util.Optional.of("Grid Engine job 7"));
        assertTrue(BatchJob.detect(Map.of("JOB_ID", "7")).isEmpty(), "JOB_ID alone is any program's variable");
        assertEquals(BatchJob.detect(Map.of("JOB_ID", "7", "SGE_ROOT", "/x", "SLURM_JOB_ID", "9")).map(BatchJob::id),
                java.util.Optional.of("9"));
    }

    @Test
    public void theParallelEnvironmentsHostfileGivesTheNodesAndSlots() throws Exception {
        Path hostfile = Files.createTempFile("pe_hostfile", "");
        Files.writeString(hostfile, "n1 2 all.q@n1 UNDEFINED\nn2 4 all.q@n2 UNDEFINED\n");
        GridEngineJob job = new GridEngineJob("7", Map.of("PE_HOSTFILE", hostfile.toString(), "NSLOTS", "6"), NO_COMMANDS);
        assertEquals(job.nodes(), List.of(new BatchJob.Node("n1", 2), new BatchJob.Node("n2", 4)));

        Files.writeString(hostfile, "n1 two all.q@n1\n");
        IOException e = expectThrows(IOException.class, job::nodes);
        assertEquals(e.getMessage(), "Grid Engine job 7: " + hostfile + " has a line that is not 'host slots ...': n1 two all.q@n1");
    }

    @Test
    public void aRescheduleIsQmodRjAndATaskOnAHostIsQrshInherit() throws Exception {
        List<List<String>> asked = new ArrayList<>();
        GridEngineJob job = new GridEngineJob("7", Map.of(), (command, timeout) -> {
            asked.add(command);
            return new ExternalCommand.Result(0, "");
        });
        job.requeue();
        assertEquals(asked, List.of(List.of("qmod", "-rj", "7")));
        assertEquals(job.commandOn("n2", List.of("true")), List.of("qrsh", "-inherit", "-nostdin", "n2", "true"));
        assertTrue(job.endTime().isEmpty(), "Grid Engine gives no end time; its warning is a signal");
    }
}
