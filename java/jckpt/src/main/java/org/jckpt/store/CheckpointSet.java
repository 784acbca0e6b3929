package org.jckpt.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The set file's content: what was checkpointed, where, and how to check it.
 *
 * @param format   set file format version ({@link SetFiles#FORMAT})
 * @param engine   the engine's id, "app" or "dmtcp" ({@code EngineType.id()})
 * @param program  how to relaunch the job
 * @param tasks    task count; a restart must use the same
 * @param hosts    host of each task, by task number
 * @param tag      this set's tag
 * @param time     commit time, ISO-8601
 * @param files    one entry per file of the set (task files, and for DMTCP the launcher image)
 * @param engineInfo engine-specific facts (e.g. DMTCP's generation)
 * @param layout   each registered item's {@link Layout} role by name (app engine); an engine whose
 *                 sets cannot change task count records its own task-bound items as {@code local};
 *                 empty in sets written before format 3, which restart only with their task count
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CheckpointSet(
        int format,
        String engine,
        Program program,
        int tasks,
        List<String> hosts,
        int tag,
        String time,
        List<FileEntry> files,
        Map<String, String> engineInfo,
        Map<String, String> layout) {

    public CheckpointSet {
        engineInfo = engineInfo == null ? Map.of() : engineInfo;
        layout = layout == null ? Map.of() : layout;
    }

    /** A set whose items are all bound to its task count. */
    public CheckpointSet(int format, String engine, Program program, int tasks, List<String> hosts, int tag, String time,
                         List<FileEntry> files, Map<String, String> engineInfo) {
        this(format, engine, program, tasks, hosts, tag, time, files, engineInfo, Map.of());
    }

    /** The program a restart relaunches. */
    public record Program(String mainClass, List<String> args, String classPath, Map<String, String> options) {
    }

    /**
     * One file of the set.
     *
     * @param task   task number, or {@link SetNaming#LAUNCHER_TASK}
     * @param file   file name, relative to the set file's directory
     * @param size   bytes
     * @param crc32c CRC-32C of the whole file, 8 hex digits
     * @param index  where the file's index is (app engine task files from format 3 on), else null
     * @param items  how each item is stored, for a task file compressed on its way out; else empty
     */
    public record FileEntry(String task, String file, long size, String crc32c, IndexEntry index,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StoredItem> items) {
        public FileEntry {
            items = items == null ? List.of() : items;
        }

        /** A file whose items are stored as written. */
        public FileEntry(String task, String file, long size, String crc32c, IndexEntry index) {
            this(task, file, size, crc32c, index, List.of());
        }

        public FileEntry(String task, String file, long size, String crc32c) {
            this(task, file, size, crc32c, null);
        }
    }

    /**
     * One item of a task file compressed on its way out.
     *
     * @param name   the item's name
     * @param codec  {@code none} (stored as is), {@code lz4} or {@code zstd:LEVEL}, with {@code +shuffle} when
     *               its elements' bytes were shuffled first
     * @param bytes  the item's own size
     * @param stored the bytes it takes in the file
     */
    public record StoredItem(String name, String codec, long bytes, long stored) {
        /** How many times smaller it is stored: bytes over stored bytes. */
        public double ratio() {
            return stored == 0 ? 1 : (double) bytes / stored;
        }
    }

    /**
     * A task file's index: its items' places and global ranges, and the CRC-32C of every block,
     * so that a task reading part of the file checks exactly what it reads.
     *
     * @param offset where the index starts; it runs to the end of the file
     * @param crc32c CRC-32C of the index, 8 hex digits
     * @param pieces the global ranges of its distributed items, by name, so that a restart knows which
     *               old files each task reads before it opens any; empty in older sets (every file is read)
     */
    public record IndexEntry(long offset, String crc32c, @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Piece> pieces) {
        public IndexEntry {
            pieces = Collections.unmodifiableSortedMap(pieces == null ? new TreeMap<>() : new TreeMap<>(pieces));
        }

        public IndexEntry(long offset, String crc32c) {
            this(offset, crc32c, null);
        }
    }

    /** A task's piece of a distributed item: {@code count} elements of the global range from {@code first}. */
    public record Piece(long first, long count) {
        public boolean overlaps(long from, long elements) {
            return Math.max(first, from) < Math.min(first + count, from + elements);
        }
    }

    /**
     * Fails, naming {@code setFile}, unless a job of this engine, task count and program can restart
     * from it: another task count than the set's needs every item redistributable.
     */
    public void requireRestartableBy(Path setFile, String jobEngine, int jobTasks, String mainClass) throws SetFileException {
        if (!engine.equals(jobEngine)) {
            throw new SetFileException(setFile + ": a set of the " + engine + " engine, not of the " + jobEngine + " engine");
        }
        if (tasks != jobTasks && !redistributable()) {
            throw new SetFileException(setFile + ": written by " + tasks + " tasks, this job has " + jobTasks
                    + "; it restarts only with " + tasks + ": " + whyTaskBound());
        }
        if (!program.mainClass().equals(mainClass)) {
            throw new SetFileException(setFile + ": a set of " + program.mainClass() + ", not of " + mainClass);
        }
    }

    /** Whether every file has an index with block checksums, so that tasks check what they read themselves. */
    public boolean blockChecked() {
        return !files.isEmpty() && files.stream().allMatch(f -> f.index() != null);
    }

    /** Whether a job of another task count can restart from this set. */
    public boolean redistributable() {
        return !layout.isEmpty() && taskBoundItems().isEmpty();
    }

    /** Why this set restarts only with its own task count; empty when it does not. */
    public String whyTaskBound() {
        if (layout.isEmpty()) {
            return "set format " + format + " records no layout of its state";
        }
        List<String> bound = taskBoundItems();
        return bound.isEmpty() ? "" : "task-local items " + String.join(", ", bound) + " cannot be redistributed";
    }

    private List<String> taskBoundItems() {
        return layout.entrySet().stream().filter(e -> e.getValue().equals(Layout.LOCAL.label())).map(Map.Entry::getKey).toList();
    }

    public long totalSize() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }
}
