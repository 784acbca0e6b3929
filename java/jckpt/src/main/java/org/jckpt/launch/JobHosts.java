package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jckpt.batch.BatchJob;

/**
 * Where a job's hosts come from, for leaving out those that fail ({@link SurvivingHosts}), and how
 * to ask one whether it still answers, the way Open MPI reaches it: with {@code --hostfile}, that
 * file's hosts through Open MPI's remote shell; without one, inside a batch allocation, the
 * allocation's nodes with the slots the batch system gives them, through its own launcher (srun).
 * A run after a host was left out has a hostfile of the others, asked the same way.
 */
final class JobHosts {
    private static final List<String> TRUE = List.of("true");

    private final Function<String, List<String>> probe;
    private final BatchJob allocation;

    private JobHosts(Function<String, List<String>> probe, BatchJob allocation) {
        this.probe = probe;
        this.allocation = allocation;
    }

    /** The hosts one run may use: where they come from (for messages), its hostfile (null for the allocation's), each with its slots. */
    record HostList(String origin, Path hostfile, List<Hostfile.Entry> entries) {
    }

    /** The hosts of {@code job} as {@code launcher} runs it; empty when it runs on this host alone. */
    static Optional<JobHosts> of(JobSpec job, Launcher launcher) throws LaunchException {
        return of(job, launcher.batchJob(), job.hostfile() == null ? null : launcher.remoteShell());
    }

    /** The hosts of {@code job}, in {@code batch}'s allocation if any; {@code shell} reaches a hostfile's hosts. */
    static Optional<JobHosts> of(JobSpec job, Optional<BatchJob> batch, RemoteShell shell) {
        if (job.hostfile() != null) {
            return Optional.of(new JobHosts(host -> shell.command(host, TRUE), null));
        }
        return batch.map(b -> new JobHosts(host -> b.commandOn(host, TRUE), b));
    }

    /** The hosts of {@code run}: its hostfile's, else the allocation's. */
    HostList of(JobSpec run) throws IOException, InterruptedException, LaunchException {
        if (run.hostfile() != null) {
            return new HostList("hostfile " + run.hostfile(), run.hostfile(), Hostfile.entries(run.hostfile()));
        }
        List<Hostfile.Entry> nodes = allocation.nodes().stream().map(n -> Hostfile.Entry.of(n.host(), n.slots())).toList();
        return new HostList(allocation.describe(), null, nodes);
    }

    /** The command that runs {@code true} on {@code host}. */
    List<String> probe(String host) {
        return probe.apply(host);
    }
}
