package org.jckpt.batch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jckpt.system.ExternalCommand;

/** A Slurm allocation, reached through Slurm's own commands and the environment it gives the batch script. */
final class SlurmJob implements BatchJob {
    /** One group of SLURM_TASKS_PER_NODE: "2(x3)" is 2 tasks on each of 3 nodes, "1" on one. */
    private static final Pattern TASKS_GROUP = Pattern.compile("(\\d{1,6})(?:\\(x(\\d{1,6})\\))?");

    private final String id;
    private final Map<String, String> env;
    private final ExternalCommand.Runner commands;

    SlurmJob(String id, Map<String, String> env, ExternalCommand.Runner commands) {
        this.id = id;
        this.env = env;
        this.commands = commands;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String describe() {
        return "Slurm job " + id;
    }

    @Override
    public Optional<Instant> endTime() throws IOException, InterruptedException {
        String end = run(List.of("squeue", "-h", "-j", id, "-o", "%e")).strip();
        try {
            // Slurm prints local time without a zone, e.g. 2026-11-22T13:20:00.
            return Optional.of(LocalDateTime.parse(end).atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // "N/A" or "Unknown": no time limit.
        }
    }

    @Override
    public void requeue() throws IOException, InterruptedException {
        run(List.of("scontrol", "requeue", id));
    }

    /** SLURM_JOB_NODELIST expanded by scontrol, with the slots SLURM_TASKS_PER_NODE gives, as Open MPI reads them. */
    @Override
    public List<Node> nodes() throws IOException, InterruptedException {
        String nodeList = variable("SLURM_JOB_NODELIST");
        List<String> hosts = run(List.of("scontrol", "show", "hostnames", nodeList)).lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        String tasksPerNode = variable("SLURM_TASKS_PER_NODE");
        List<Integer> slots = tasksPerNode(tasksPerNode);
        if (slots.size() != hosts.size()) {
            throw new IOException(describe() + ": SLURM_JOB_NODELIST=" + nodeList + " names " + hosts.size()
                    + " nodes, SLURM_TASKS_PER_NODE=" + tasksPerNode + " gives slots for " + slots.size());
        }
        return IntStream.range(0, hosts.size()).mapToObj(i -> new Node(hosts.get(i), slots.get(i))).toList();
    }

    /** A job step of one task on {@code host}, sharing the allocation's resources with any other step. */
    @Override
    public List<String> commandOn(String host, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("srun", "--overlap", "-N1", "-n1", "-w", host));
        cmd.addAll(command);
        return cmd;
    }

    /** Slots per node from SLURM_TASKS_PER_NODE, e.g. "2(x3),1": 2, 2, 2, 1. */
    static List<Integer> tasksPerNode(String value) throws IOException {
        List<Integer> slots = new ArrayList<>();
        for (String group : value.split(",")) {
            Matcher m = TASKS_GROUP.matcher(group.strip());
            if (!m.matches()) {
                throw new IOException("SLURM_TASKS_PER_NODE=" + value + " is not a list of N or N(xCOUNT)");
            }
            int count = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            slots.addAll(Collections.nCopies(count, Integer.parseInt(m.group(1))));
        }
        return slots;
    }

    private String variable(String name) throws IOException {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IOException(describe() + ": " + name + " is not set");
        }
        return value;
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        ExternalCommand.Result r = commands.run(command, Duration.ofMinutes(1));
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + " failed: " + r.output().strip());
        }
        return r.output();
    }
}
