package org.jckpt.engine.app.flush;

import java.util.Set;

/**
 * Faults the integration tests inject into the background threads, to prove that none dies
 * unheard: {@code JCKPT_TEST_FAULTS=seal:3,flush:5} throws an {@link Error} in the seal of set 3
 * and the flush of set 5. Unset, as in every real job, it does nothing.
 */
final class TestFaults {
    private static final Set<String> FAULTS = parse(System.getenv("JCKPT_TEST_FAULTS"));

    private TestFaults() {
    }

    /** Throws when a fault is asked for in {@code step} of set {@code tag}. */
    static void inject(String step, int tag) {
        if (FAULTS.contains(step + ":" + tag)) {
            throw new Error("fault injected by JCKPT_TEST_FAULTS in the " + step + " of set " + tag);
        }
    }

    private static Set<String> parse(String spec) {
        return spec == null || spec.isBlank() ? Set.of() : Set.of(spec.strip().split("\\s*,\\s*"));
    }
}
