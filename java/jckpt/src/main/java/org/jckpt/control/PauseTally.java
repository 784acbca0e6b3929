package org.jckpt.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jckpt.record.CheckpointKind;
import org.jckpt.record.LogEvent;
import org.jckpt.record.Median;

/** The coordinator's count of every task's pause of each checkpoint: once all have told theirs, the checkpoint's event. */
final class PauseTally {
    /** One task's report: {@code PAUSED tag kind start ms}. */
    private record Pause(CheckpointKind kind, long start, long ms) {
    }

    private final int tasks;
    private final Map<Integer, List<Pause>> byTag = new HashMap<>();

    PauseTally(int tasks) {
        this.tasks = tasks;
    }

    Optional<LogEvent> add(String[] m) {
        int tag = Integer.parseInt(m[1]);
        List<Pause> pauses = byTag.computeIfAbsent(tag, t -> new ArrayList<>());
        pauses.add(new Pause(CheckpointKind.valueOf(m[2]), Long.parseLong(m[3]), Long.parseLong(m[4])));
        if (pauses.size() < tasks) {
            return Optional.empty();
        }
        byTag.remove(tag);
        List<Long> ms = pauses.stream().map(Pause::ms).toList();
        long start = pauses.stream().mapToLong(Pause::start).min().orElseThrow();
        return Optional.of(LogEvent.checkpoint(tag, pauses.get(0).kind(), start, Math.round(Median.of(ms)),
                ms.stream().mapToLong(Long::longValue).max().orElseThrow()));
    }
}
