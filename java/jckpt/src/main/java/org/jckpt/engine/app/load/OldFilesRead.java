package org.jckpt.engine.app.load;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jckpt.api.Redistributable;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.store.CheckpointSet;

/**
 * Which old task files of a set a restarted task reads, known before any is opened: so that a
 * restart from the node-local level brings each node only the files its tasks read. A distributed
 * item is read from the old files whose pieces overlap the task's new piece (every old file when
 * the set is older than the pieces it records), a replicated one from task 0's, parts from the old
 * tasks dealt to this one, the rest from the task's own.
 */
public final class OldFilesRead {
    private OldFilesRead() {
    }

    /** The old tasks whose files task {@code rank} of {@code tasks}, having registered {@code state}, reads of {@code set}. */
    public static SortedSet<Integer> of(CheckpointSet set, TaskState state, int rank, int tasks) {
        SortedSet<Integer> read = new TreeSet<>();
        for (Map.Entry<String, StateItem> e : state.items().entrySet()) {
            StateItem item = e.getValue();
            for (int old = 0; old < set.tasks(); old++) {
                if (reads(set, old, e.getKey(), item, rank, tasks)) {
                    read.add(old);
                }
            }
        }
        if (!state.files().isEmpty()) {
            read.add(rank);
        }
        return read;
    }

    private static boolean reads(CheckpointSet set, int old, String name, StateItem item, int rank, int tasks) {
        if (item instanceof StateItem.Distributed d) {
            return overlaps(set, old, name, d.range().firstElement(), d.range().elementCount());
        } else if (item instanceof StateItem.Replicated) {
            return old == 0;
        } else if (item instanceof StateItem.Parts) {
            return set.tasks() == tasks ? old == rank : Redistributable.newTaskOf(old, set.tasks(), tasks) == rank;
        }
        return old == rank;
    }

    /**
     * Whether old task {@code old}'s piece of {@code name} overlaps the {@code elements} from
     * {@code first}; true when the set does not record it (the file's index says).
     */
    static boolean overlaps(CheckpointSet set, int old, String name, long first, long elements) {
        CheckpointSet.Piece piece = indexedFile(set, old).map(f -> f.index().pieces().get(name)).orElse(null);
        return piece == null || piece.overlaps(first, elements);
    }

    /** Old task {@code old}'s file with an index, which a restart reads by ranges. */
    static Optional<CheckpointSet.FileEntry> indexedFile(CheckpointSet set, int old) {
        String task = Integer.toString(old);
        return set.files().stream().filter(f -> f.task().equals(task) && f.index() != null).findFirst();
    }
}
