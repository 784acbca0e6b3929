package org.jckpt.launch;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --ckpt-every}: every K calls of {@code needCheckpoint()} (the tasks count them), once per
 * period, or as the launcher's {@link IntervalPolicy} says from the pauses it measures:
 * {@code overhead:P%} or {@code daly:MTBF}.
 *
 * @param form     which of them
 * @param calls    K, for {@link Form#CALLS}
 * @param duration the period, or the mean time between failures for {@link Form#DALY}
 * @param fraction P / 100, for {@link Form#OVERHEAD}
 */
public record CheckpointEvery(Form form, long calls, Duration duration, double fraction) {
    public enum Form { CALLS, PERIOD, OVERHEAD, DALY }

    private static final Pattern OVERHEAD = Pattern.compile("overhead:(\\d+(?:\\.\\d+)?)%");
    private static final String DALY = "daly:";

    /** Reads the option's text; throws, saying what it takes, for anything else. */
    public static CheckpointEvery parse(String text) {
        if (text.matches("\\d+")) {
            long k = Long.parseLong(text);
            if (k == 0) {
                throw new IllegalArgumentException("--ckpt-every must be at least 1");
            }
            return new CheckpointEvery(Form.CALLS, k, null, 0);
        }
        Matcher overhead = OVERHEAD.matcher(text);
        if (overhead.matches()) {
            double percent = Double.parseDouble(overhead.group(1));
            if (percent <= 0 || percent >= 100) {
                throw new IllegalArgumentException("--ckpt-every overhead:P% needs 0 < P < 100, not " + text);
            }
            return new CheckpointEvery(Form.OVERHEAD, 0, null, percent / 100);
        }
        try {
            if (text.startsWith(DALY)) {
                return new CheckpointEvery(Form.DALY, 0, positive(Durations.parse(text.substring(DALY.length()))), 0);
            }
            return new CheckpointEvery(Form.PERIOD, 0, positive(Durations.parse(text)), 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ckpt-every takes K (calls), a duration (30s, 5m), overhead:P% (e.g."
                    + " overhead:2%) or daly:MTBF (e.g. daly:6h), not '" + text + "'");
        }
    }

    private static Duration positive(Duration d) {
        if (d.isZero()) {
            throw new IllegalArgumentException("zero");
        }
        return d;
    }

    /** Whether the launcher decides from the measured pauses. */
    public boolean adaptive() {
        return form == Form.OVERHEAD || form == Form.DALY;
    }
}
