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
import java.util.stream.IntStream;
import org.jckpt.store.FileModes;
import org.jckpt.system.DaemonThreads;
import org.jckpt.system.ExternalCommand;

/**
 * The hostfile of a job's next run after a failure, as SCR's {@code scr_srun} leaves failed nodes
 * out: every other host of the hostfile is asked, through Open MPI's remote shell, to run
 * {@code true} within a bounded time; hosts that do not are left out, as long as the others still
 * have a slot for every task (a job with fewer tasks would need a restart with another task count).
 */
final class SurvivingHosts {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final RemoteShell shell;
    private final Consumer<String> say;

    SurvivingHosts(RemoteShell shell, Consumer<String> say) {
        this.shell = shell;
        this.say = say;
    }

    /**
     * {@code hostfile} itself when every host answers, else a copy without the hosts that do not,
     * written to {@code dir} as {@code name}; {@code taskHosts} (the set's host of each task) says
     * whose tasks ran where. Fails when the hosts that answer have too few slots for {@code tasks}.
     */
    Path after(Path hostfile, int tasks, List<String> taskHosts, Path dir, String name)
            throws IOException, LaunchException {
        List<Hostfile.Entry> entries = Hostfile.entries(hostfile);
        Map<String, String> silent = silentHosts(entries);
        if (silent.isEmpty()) {
            return hostfile;
        }
        List<Hostfile.Entry> kept = entries.stream().filter(e -> !silent.containsKey(e.host())).toList();
        int slots = kept.stream().mapToInt(Hostfile.Entry::slots).sum();
        String dead = String.join(", ", silent.keySet());
        if (slots < tasks) {
            throw new LaunchException(dead + " of " + hostfile + " did not answer (" + String.join("; ", silent.values())
                    + "), and the other hosts have " + slots + " slots for " + tasks + " tasks");
        }
        silent.forEach((host, why) -> say.accept("leaving " + host + " out of the restart: it did not answer ("
                + why + ")" + tasksOn(host, taskHosts)));
        Path reduced = dir.resolve(name);
        String lines = String.join("\n", kept.stream().map(Hostfile.Entry::line).toList()) + "\n";
        FileModes.OWNER_ONLY.write(reduced, lines.getBytes(StandardCharsets.UTF_8));
        return reduced;
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
        ExternalCommand probe = new ExternalCommand(shell.command(host, List.of("true")), PROBE_TIMEOUT);
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
