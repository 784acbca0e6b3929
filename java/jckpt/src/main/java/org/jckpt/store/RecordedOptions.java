package org.jckpt.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * The launcher options a set file records with its program ({@link CheckpointSet.Program#options()})
 * so that a restart runs the job as it ran: the checkpoint schedule, how many sets to keep, and
 * whether the group may read them; and how many automatic restarts ({@code --max-restarts}) the
 * job went through before the run that wrote the set. That count travels with the options because
 * both engines already carry them to whoever writes the set file (task 0, or DMTCP's launcher);
 * a later {@code jckpt restart} does not take it over. Likewise the MPI the job ran on and the
 * binding its tasks loaded ({@code jckpt list -v} shows them); a restart chooses its own.
 */
public record RecordedOptions(int keep, String every, boolean groupRead, int restarts, String mpi, String bindings) {
    private static final String KEEP = "keep";
    private static final String EVERY = "every";
    private static final String GROUP_READ = "groupRead";
    private static final String RESTARTS = "autoRestarts";
    private static final String MPI = "mpi";
    private static final String BINDINGS = "bindings";

    public Map<String, String> toMap() {
        Map<String, String> options = new TreeMap<>();
        options.put(KEEP, Integer.toString(keep));
        if (every != null) {
            options.put(EVERY, every);
        }
        if (groupRead) {
            options.put(GROUP_READ, "true");
        }
        if (restarts > 0) {
            options.put(RESTARTS, Integer.toString(restarts));
        }
        putIfSet(options, MPI, mpi);
        putIfSet(options, BINDINGS, bindings);
        return options;
    }

    private static void putIfSet(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }

    public RecordedOptions withRestarts(int count) {
        return new RecordedOptions(keep, every, groupRead, count, mpi, bindings);
    }

    /** What {@code program} recorded; sets written before an option existed have its default. */
    public static RecordedOptions of(CheckpointSet.Program program) {
        Map<String, String> options = program.options() == null ? Map.of() : program.options();
        return new RecordedOptions(Integer.parseInt(options.getOrDefault(KEEP, "2")), options.get(EVERY),
                Boolean.parseBoolean(options.get(GROUP_READ)), Integer.parseInt(options.getOrDefault(RESTARTS, "0")),
                options.get(MPI), options.get(BINDINGS));
    }
}
