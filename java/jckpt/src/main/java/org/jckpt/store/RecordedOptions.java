package org.jckpt.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * The launcher options a set file records with its program ({@link CheckpointSet.Program#options()})
 * so that a restart runs the job as it ran: the checkpoint schedule, how many sets to keep, and
 * whether the group may read them.
 */
public record RecordedOptions(int keep, String every, boolean groupRead) {
    private static final String KEEP = "keep";
    private static final String EVERY = "every";
    private static final String GROUP_READ = "groupRead";

    public Map<String, String> toMap() {
        Map<String, String> options = new TreeMap<>();
        options.put(KEEP, Integer.toString(keep));
        if (every != null) {
            options.put(EVERY, every);
        }
        if (groupRead) {
            options.put(GROUP_READ, "true");
        }
        return options;
    }

    /** What {@code program} recorded; sets written before an option existed have its default. */
    public static RecordedOptions of(CheckpointSet.Program program) {
        Map<String, String> options = program.options() == null ? Map.of() : program.options();
        return new RecordedOptions(Integer.parseInt(options.getOrDefault(KEEP, "2")), options.get(EVERY),
                Boolean.parseBoolean(options.get(GROUP_READ)));
    }
}
