package org.jckpt.launch;

import java.util.Locale;
import java.util.Map;

/**
 * Where an {@code auto|...} choice of {@code run} and {@code restart} comes from: the option when given,
 * else the environment variable a site sets for its users (in a module file), else auto. A bad value
 * is named with where it came from.
 */
final class Choices {
    private Choices() {
    }

    /** {@code option}, else {@code env}'s {@code variable}, as a constant of {@code type}; a one-line error for no such. */
    static <E extends Enum<E>> E of(Class<E> type, String option, String optionName, Map<String, String> env, String variable,
                                    String allowed) {
        String fromEnv = env.get(variable);
        boolean given = option != null;
        String value = given ? option : fromEnv == null || fromEnv.isEmpty() ? "auto" : fromEnv;
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + (given ? optionName : variable) + " '" + value + "' (" + allowed + ")");
        }
    }
}
