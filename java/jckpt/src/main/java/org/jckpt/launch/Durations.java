package org.jckpt.launch;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as users write them on command lines: 500ms, 30s, 5m, 2h. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 30s, 5m, 2h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Whether {@code every} (of --ckpt-every) is a call count or a duration; throws if neither. */
    public static boolean isCallCount(String every) {
        if (every.matches("\\d+")) {
            if (Long.parseLong(every) == 0) {
                throw new IllegalArgumentException("--ckpt-every must be at least 1");
            }
            return true;
        }
        parse(every);
        return false;
    }
}
