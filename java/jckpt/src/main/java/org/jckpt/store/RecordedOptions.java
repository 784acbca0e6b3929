package org.jckpt.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * The launcher options a set file records with its program ({@link CheckpointSet.Program#options()})
 * so that a restart runs the job as it ran: the checkpoint schedule, how many sets to keep, and
 * whether the group may read them; and how many automatic restarts ({@code --max-restarts}) the
 * job went through before the run that wrote the set. That count travels with the options because
 * both engines already carry them to whoever writes the set file (task 0, or DMTCP's launcher);
 * a later {@code jckpt restart} does not take it over.
 */
public record RecordedOptions(int keep, String every, boolean groupRead, int restarts) {
    private static final String KEEP = "keep";
    private static final String EVERY = "every";
    private static final String GROUP_READ = "groupRead";
    private static final String RESTARTS = "autoRestarts";

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
        return options;
    }

    public RecordedOptions withRestarts(int count) {
        return new RecordedOptions(keep, every, groupRead, count);
    }

    /** What {@code program} recorded; sets written before an option existed have its default. */
    public static RecordedOptions of(CheckpointSet.Program program) {
        Map<String, String> options = program.options() == null ? Map.of() : program.options();
        return new RecordedOptions(Integer.parseInt(options.getOrDefault(KEEP, "2")), options.get(EVERY),
                Boolean.parseBoolean(options.get(GROUP_READ)), Integer.parseInt(options.getOrDefault(RESTARTS, "0")));
    }
}
