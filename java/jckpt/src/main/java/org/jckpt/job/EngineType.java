package org.jckpt.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The two ways of taking checkpoints; the lower-case id is what users type and set files record. */
public enum EngineType {
    /** The application-level engine: the state the program registered. */
    APP,
    /** The process-level engine: DMTCP images of every process. */
    DMTCP;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EngineType of(String id) {
        for (EngineType e : values()) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown checkpoint engine '" + id + "' (app or dmtcp)");
    }

    @Override
    public String toString() {
        return id();
    }
}
