package org.jckpt.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jckpt.store.FileModes;
import org.jckpt.store.IoErrors;
import org.jckpt.store.SetNaming;

/**
 * The job's record of every checkpoint, {@code <dir>/<name>.log.jsonl}: one JSON line per
 * {@link LogEvent}, appended by whoever saw it (the launcher, task 0). Each line is one write of
 * the whole line to a file opened with O_APPEND, so lines of several processes never interleave
 * and a killed writer leaves at most a torn last line, which {@link LogReader} skips. A record
 * that cannot be written is said in one line; the job goes on.
 */
public final class CheckpointLog {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".log.jsonl";

    private final Path file;
    private final FileModes modes;
    private final PrintStream err;

    public CheckpointLog(SetNaming naming, FileModes modes, PrintStream err) {
        this.file = file(naming);
        this.modes = modes;
        this.err = err;
    }

    public Path file() {
        return file;
    }

    /** Where the record of the sets {@code naming} names is. */
    public static Path file(SetNaming naming) {
        return naming.dir().resolve(naming.name() + SUFFIX);
    }

    public void append(LogEvent event) {
        try (FileChannel ch = modes.openForAppend(file)) {
            ByteBuffer line = ByteBuffer.wrap(line(event));
            int written = ch.write(line);
            if (line.hasRemaining()) {
                err.println("jckpt: the checkpoint record " + file + " took " + written + " bytes of a line");
            }
        } catch (IOException e) {
            err.println("jckpt: cannot add to the checkpoint record " + file + ": " + IoErrors.describe(e));
        }
    }

    static byte[] line(LogEvent event) throws JsonProcessingException {
        return (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
