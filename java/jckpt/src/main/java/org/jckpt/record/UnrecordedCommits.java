package org.jckpt.record;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;

/**
 * Commits the record lacks: a job killed between a set file's commit and task 0's line for it
 * leaves a set that the record does not list. The next run of the name records each such set it
 * finds, in the checkpoint directory or on its node's local level, from its set file, saying so.
 */
public final class UnrecordedCommits {
    static final String LATE = "recorded by the next run: the job ended between the set's commit and its line";

    private UnrecordedCommits() {
    }

    /** Appends to {@code log} a commit for each set of {@code global}, then of {@code local} (null: none), that it lacks. */
    public static void record(CheckpointLog log, SetNaming global, SetNaming local) {
        Set<Integer> recorded = new HashSet<>();
        if (Files.exists(log.file())) {
            LogReader.read(log.file(), warning -> { }).stream().filter(e -> e.event().equals(LogEvent.COMMIT)).map(LogEvent::tag)
                    .forEach(recorded::add);
        }
        for (SetNaming level : local == null ? List.of(global) : List.of(global, local)) {
            for (int tag : tags(level)) {
                if (recorded.add(tag)) {
                    commitOf(level, tag, level == global).ifPresent(e -> log.append(e.recordedLate(LATE)));
                }
            }
        }
    }

    /** The level's set tags; none where it cannot be listed (the run says so when it needs them). */
    private static SortedSet<Integer> tags(SetNaming level) {
        try {
            return level.setTags();
        } catch (IOException e) {
            return new TreeSet<>();
        }
    }

    /** Set {@code tag}'s commit as its set file tells it; none if the file cannot be read (a restart says why). */
    private static Optional<LogEvent> commitOf(SetNaming level, int tag, boolean global) {
        try {
            CheckpointSet set = SetFiles.read(level.setFile(tag));
            long bytes = set.files().stream().mapToLong(CheckpointSet.FileEntry::size).sum();
            long raw = bytes + set.files().stream().flatMap(f -> f.items().stream()).mapToLong(i -> i.bytes() - i.stored()).sum();
            long time = Instant.parse(set.time()).toEpochMilli();
            return Optional.of(global ? LogEvent.commit(tag, bytes, raw, null, time, null, List.of())
                    : LogEvent.localCommit(tag, bytes, raw, time));
        } catch (SetFileException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
