package org.jckpt.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        Map<String, String> engineInfo) {

    public CheckpointSet {
        engineInfo = engineInfo == null ? Map.of() : engineInfo;
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
     */
    public record FileEntry(String task, String file, long size, String crc32c) {
    }

    /** Fails, naming {@code setFile}, unless a job of this engine, task count and program can restart from it. */
    public void requireRestartableBy(Path setFile, String jobEngine, int jobTasks, String mainClass) throws SetFileException {
        if (!engine.equals(jobEngine)) {
            throw new SetFileException(setFile + ": a set of the " + engine + " engine, not of the " + jobEngine + " engine");
        }
        if (tasks != jobTasks) {
            throw new SetFileException(setFile + ": written by " + tasks + " tasks, this job has " + jobTasks
                    + "; restart it with " + tasks);
        }
        if (!program.mainClass().equals(mainClass)) {
            throw new SetFileException(setFile + ": a set of " + program.mainClass() + ", not of " + mainClass);
        }
    }

    public long totalSize() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }
}
