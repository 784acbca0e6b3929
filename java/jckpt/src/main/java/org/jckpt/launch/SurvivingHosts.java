package org.jckpt.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jckpt.store.FileModes;
import org.jckpt.store.RestartSets.VerifiedSet;
import org.jckpt.system.DaemonThreads;
import org.jckpt.system.ExternalCommand;
import org.jckpt.system.Hosts;

/**
 * The hosts and task count of a job's next run after a failure, as SCR's {@code scr_srun} leaves
 * failed nodes out: every other host of the job ({@link JobHosts}) is asked to run {@code true}
 * within a bounded time; hosts that do not are left out. The next run keeps its task count when
 * the others have a slot for every task; else, when its set restarts with any task count, it runs
 * with as many tasks as they have slots.
 */
final class SurvivingHosts {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final Function<String, List<String>> probeCommand;
    private final Consumer<String> say;

    /** {@code probeCommand}: the command that runs {@code true} on a host. */
    SurvivingHosts(Function<String, List<String>> probeCommand, Consumer<String> say) {
        this.probeCommand = probeCommand;
        this.say = say;
    }

    /**
     * The next run: its hostfile (null for the allocation as it is) and task count, and the hosts
     * left out.
     */
    record NextRun(Path hostfile, int tasks, List<String> dropped) {
    }

    /**
     * The run after one of {@code tasks} tasks on {@code hosts} failed, restarting from {@code set}
     * (whose host of each task says whose tasks ran where): the same hosts when every one answers,
     * else a hostfile without those that do not, written to {@code dir} as {@code name}. Fails when
     * the others have too few slots and the set restarts only with its own task count.
     */
    NextRun after(JobHosts.HostList hosts, int tasks, VerifiedSet set, Path dir, String name)
            throws IOException, LaunchException {
        Map<String, String> silent = silentHosts(hosts.entries());
        if (silent.isEmpty()) {
            return new NextRun(hosts.hostfile(), tasks, List.of());
        }
        List<Hostfile.Entry> kept = hosts.entries().stream().filter(e -> !silent.containsKey(e.host())).toList();
        int slots = kept.stream().mapToInt(Hostfile.Entry::slots).sum();
        if (slots < tasks && (slots == 0 || !set.set().redistributable())) {
            throw new LaunchException(String.join(", ", silent.keySet()) + " of " + hosts.origin() + " did not answer ("
                    + String.join("; ", silent.values()) + "), and the other hosts have " + slots + " slots for " + tasks + " tasks"
                    + (slots == 0 ? "" : "; " + set.setFile() + " restarts only with " + set.set().tasks() + " tasks: "
                    + set.set().whyTaskBound()));
        }
        silent.forEach((host, why) -> say.accept("leaving " + host + " out of the restart: it did not answer ("
                + why + ")" + tasksOn(host, set.set().hosts())));
        Path reduced = dir.resolve(name);
        String lines = String.join("\n", kept.stream().map(Hostfile.Entry::line).toList()) + "\n";
        FileModes.OWNER_ONLY.write(reduced, lines.getBytes(StandardCharsets.UTF_8));
        return new NextRun(reduced, Math.min(tasks, slots), List.copyOf(silent.keySet()));
    }

    /** The hosts other than this one that do not run {@code true}, with what went wrong; asked all at once. */
    private Map<String, String> silentHosts(List<Hostfile.Entry> entries) {
        Map<String, CompletableFuture<String>> probes = new LinkedHashMap<>();
        for (Hostfile.Entry e : entries) {
            if (!Hosts.isThisHost(e.host()) && !probes.containsKey(e.host())) {
                CompletableFuture<String> probe = new CompletableFuture<>();
                DaemonThreads.start("jckpt-probe-" + e.host(), () -> probe.complete(probe(e.host())));
                probes.put(e.host(), probe);
            }
        }
        Map<String, String> silent = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<String>> p : probes.entrySet()) {
            String problem = p.getValue().join();
            if (problem != null) {
                silent.put(p.getKey(), problem);
            }
        }
        return silent;
    }

    /** Null when {@code host} ran {@code true}, else what went wrong. */
    private String probe(String host) {
        ExternalCommand probe = new ExternalCommand(probeCommand.apply(host), PROBE_TIMEOUT);
        try {
            ExternalCommand.Result r = probe.run();
            return r.ok() ? null : probe.name() + " exited with status " + r.status()
                    + r.output().strip().lines().findFirst().map(l -> ": " + l).orElse("");
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String tasksOn(String host, List<String> taskHosts) {
        List<String> tasks = IntStream.range(0, taskHosts.size()).filter(t -> taskHosts.get(t).equals(host))
                .mapToObj(Integer::toString).toList();
        return tasks.isEmpty() ? "" : "; " + (tasks.size() == 1 ? "task " : "tasks ") + String.join(", ", tasks) + " ran there";
    }
}
