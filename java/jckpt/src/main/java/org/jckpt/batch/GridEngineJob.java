package org.jckpt.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jckpt.system.ExternalCommand;
import org.jckpt.system.Hosts;

/**
 * A Grid Engine job (Son of Grid Engine, OGS, Altair GE), reached through the environment its
 * execution daemon gives the job (JOB_ID, PE_HOSTFILE) and its own commands (qmod, qrsh).
 */
final class GridEngineJob implements BatchJob {
    private final String id;
    private final Map<String, String> env;
    private final ExternalCommand.Runner commands;

    /** Whether {@code env} is a Grid Engine job's (its execution daemon sets JOB_ID and SGE_ROOT). */
    static boolean runsIn(Map<String, String> env) {
        String id = env.get("JOB_ID");
        return id != null && !id.isEmpty() && env.get("SGE_ROOT") != null;
    }

    GridEngineJob(String id, Map<String, String> env, ExternalCommand.Runner commands) {
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
        return "Grid Engine job " + id;
    }

    /** Grid Engine gives a job no end time to read: its warning is a signal (qsub -notify, s_rt). */
    @Override
    public Optional<Instant> endTime() {
        return Optional.empty();
    }

    /** Reschedules the job (it must be rerunnable: qsub -r y); Grid Engine then ends this run of it. */
    @Override
    public void requeue() throws IOException, InterruptedException {
        ExternalCommand.Result r = commands.run(List.of("qmod", "-rj", id), Duration.ofMinutes(1));
        if (!r.ok()) {
            throw new IOException("qmod -rj " + id + " failed: " + r.output().strip());
        }
    }

    /** The hosts of a parallel environment's PE_HOSTFILE ("host slots queue processors" per line); this host alone without one. */
    @Override
    public List<Node> nodes() throws IOException {
        String file = env.get("PE_HOSTFILE");
        if (file == null || file.isBlank() || file.equals("undefined")) {
            return List.of(new Node(Hosts.thisHost(), Integer.parseInt(env.getOrDefault("NSLOTS", "1"))));
        }
        List<Node> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[1].matches("\\d{1,6}")) {
                throw new IOException(describe() + ": " + file + " has a line that is not 'host slots ...': " + line);
            }
            nodes.add(new Node(f[0], Integer.parseInt(f[1])));
        }
        return nodes;
    }

    /** A task on {@code host} under the execution daemon's control (the parallel environment needs control_slaves TRUE). */
    @Override
    public List<String> commandOn(String host, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("qrsh", "-inherit", "-nostdin", host));
        cmd.addAll(command);
        return cmd;
    }
}
