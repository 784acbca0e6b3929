package org.jckpt.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jckpt.system.DaemonThreads;

/** Reads and commits set files (JSON). */
public final class SetFiles {
    /**
     * Format version written. Format 3 adds each item's layout and each task file's index (for
     * restarts with another task count and per-block checks); format 2 sets are still read and
     * restart with their own task count. Format 4 adds how each item of a task file compressed on
     * its way out is stored, such files being of a task file format older jckpt cannot read.
     * Other versions are refused with a clear message.
     */
    public static final int FORMAT = 4;
    /** The oldest format read. */
    public static final int OLDEST_READ = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SetFiles() {
    }

    /** Reads a set file, refusing other formats, with the file named in every error. */
    public static CheckpointSet read(Path setFile) throws SetFileException {
        JsonNode node;
        try {
            node = JSON.readTree(setFile.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new SetFileException(setFile + ": no such set file");
        } catch (IOException e) {
            throw new SetFileException(setFile + ": not a jckpt set file (" + firstLine(e) + ")");
        }
        if (node == null || !node.has("format") || !node.has("files")) {
            throw new SetFileException(setFile + ": not a jckpt set file");
        }
        int format = node.get("format").asInt();
        if (format < OLDEST_READ || format > FORMAT) {
            throw new SetFileException(setFile + ": set file format " + format + " is "
                    + (format < FORMAT ? "older" : "newer") + " than this jckpt's format " + FORMAT
                    + "; restart it with the jckpt that wrote it");
        }
        try {
            return JSON.treeToValue(node, CheckpointSet.class);
        } catch (JsonProcessingException e) {
            throw new SetFileException(setFile + ": malformed set file (" + firstLine(e) + ")");
        }
    }

    /**
     * Reads {@code setFile} once on a thread of its own, for nothing but the classes and the
     * introspection a first read costs (a third of a second in a cold JVM, more while the job's other
     * JVMs start beside it): a restarted task calls this before MPI's init, which mostly waits.
     */
    public static void warmUpInBackground(Path setFile) {
        DaemonThreads.start("jckpt-warmup", () -> {
            try {
                read(setFile);
            } catch (SetFileException | RuntimeException ignored) {
                // The restart's own read says what is wrong.
            }
        });
    }

    /** Commits {@code set}: the set file appears atomically and durably, or not at all, with the mode {@code modes} gives. */
    public static void commit(Path setFile, CheckpointSet set, FileModes modes) throws IOException {
        Durable.writeAtomically(setFile, JSON.writeValueAsBytes(set), modes);
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
