package org.jckpt.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jckpt.store.IoErrors;

/** Reads a {@link CheckpointLog}: every whole line; a torn last line (its writer was killed) is skipped with a warning. */
public final class LogReader {
    private static final ObjectReader EVENTS = CheckpointLog.JSON.readerFor(LogEvent.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private LogReader() {
    }

    /** The events of {@code file} in the order written; what is skipped is told to {@code warn}. */
    public static List<LogEvent> read(Path file, Consumer<String> warn) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no checkpoint record (a job run by jckpt writes one beside its sets)");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the checkpoint record: " + IoErrors.describe(e));
        }
        String[] lines = text.split("\n", -1);
        List<LogEvent> events = new ArrayList<>();
        for (int n = 0; n < lines.length; n++) {
            boolean last = n == lines.length - 1;
            if (last && !lines[n].isEmpty()) {
                warn.accept(file + ": skipping its last line, torn (its writer was killed while writing it)");
            } else if (!lines[n].isBlank()) {
                int number = n + 1;
                parse(lines[n]).ifPresentOrElse(events::add,
                        () -> warn.accept(file + ": skipping line " + number + ", not a checkpoint event"));
            }
        }
        return events;
    }

    private static Optional<LogEvent> parse(String line) {
        try {
            return Optional.of(EVENTS.readValue(line));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
