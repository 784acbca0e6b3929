package org.jckpt.batch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.jckpt.system.ExternalCommand;

/** A Slurm allocation, reached through Slurm's own commands. */
final class SlurmJob implements BatchJob {
    private final String id;

    SlurmJob(String id) {
        this.id = id;
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

    private static String run(List<String> command) throws IOException, InterruptedException {
        ExternalCommand.Result r = new ExternalCommand(command, Duration.ofMinutes(1)).run();
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + " failed: " + r.output().strip());
        }
        return r.output();
    }
}
