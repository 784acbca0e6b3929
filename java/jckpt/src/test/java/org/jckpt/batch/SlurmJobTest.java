package org.jckpt.batch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.system.ExternalCommand;
import org.testng.annotations.Test;

/** A Slurm allocation's nodes and slots, from its environment and scontrol, as Open MPI reads them; srun reaches a node. */
public class SlurmJobTest {
    private static final Map<String, String> ENV = Map.of("SLURM_JOB_ID", "42", "SLURM_JOB_NODELIST", "n[1-3],gpu7",
            "SLURM_TASKS_PER_NODE", "2(x3),1");

    @Test
    public void theNodeListIsExpandedByScontrolAndEachNodeGetsItsTasksAsSlots() throws Exception {
        List<List<String>> asked = new ArrayList<>();
        SlurmJob job = new SlurmJob("42", ENV, (command, timeout) -> {
            asked.add(command);
            return new ExternalCommand.Result(0, "n1\nn2\nn3\ngpu7\n");
        });

        assertEquals(job.nodes(), List.of(new BatchJob.Node("n1", 2), new BatchJob.Node("n2", 2), new BatchJob.Node("n3", 2),
                new BatchJob.Node("gpu7", 1)));
        assertEquals(asked, List.of(List.of("scontrol", "show", "hostnames", "n[1-3],gpu7")));
    }

    @Test
    public void tasksPerNodeRepeatsAGroupAsOftenAsItsCountSays() throws Exception {
        assertEquals(SlurmJob.tasksPerNode("4"), List.of(4));
        assertEquals(SlurmJob.tasksPerNode("1(x2),3,2(x1)"), List.of(1, 1, 3, 2));
        IOException e = expectThrows(IOException.class, () -> SlurmJob.tasksPerNode("2(3)"));
        assertEquals(e.getMessage(), "SLURM_TASKS_PER_NODE=2(3) is not a list of N or N(xCOUNT)");
    }

    @Test
    public void anAllocationWhoseVariablesDisagreeOrAreMissingIsSaidInOneLine() {
        SlurmJob fewer = new SlurmJob("42", ENV, (command, timeout) -> new ExternalCommand.Result(0, "n1\nn2\n"));
        IOException e = expectThrows(IOException.class, fewer::nodes);
        assertEquals(e.getMessage(), "Slurm job 42: SLURM_JOB_NODELIST=n[1-3],gpu7 names 2 nodes, SLURM_TASKS_PER_NODE=2(x3),1"
                + " gives slots for 4");

        SlurmJob bare = new SlurmJob("42", Map.of("SLURM_JOB_ID", "42"), (command, timeout) -> new ExternalCommand.Result(0, ""));
        e = expectThrows(IOException.class, bare::nodes);
        assertEquals(e.getMessage(), "Slurm job 42: SLURM_JOB_NODELIST is not set");

        SlurmJob failing = new SlurmJob("42", ENV, (command, timeout) -> new ExternalCommand.Result(1, "scontrol: error: bad list\n"));
        e = expectThrows(IOException.class, failing::nodes);
        assertEquals(e.getMessage(), "scontrol show hostnames n[1-3],gpu7 failed: scontrol: error: bad list");
    }

    @Test
    public void aCommandOnANodeIsAJobStepOfOneTaskThereBesideTheRunningOnes() {
        assertEquals(new SlurmJob("42", ENV, ExternalCommand.SYSTEM).commandOn("n2", List.of("true")),
                List.of("srun", "--overlap", "-N1", "-n1", "-w", "n2", "true"));
    }
}
