package org.jckpt.examples;

import java.util.HashMap;
import java.util.Map;

/** The examples' {@code --name value} options; an unknown option or a bad number ends the run with a message. */
final class Options {
    private final Map<String, String> values = new HashMap<>();

    Options(String[] args, String... known) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!java.util.List.of(known).contains(name) || i + 1 == args.length) {
                fail("unknown option or missing value: " + name + " (options: " + String.join(" ", known) + ")");
            }
            values.put(name, args[++i]);
        }
    }

    long number(String name, long dflt) {
        String v = values.get(name);
        try {
            long n = v == null ? dflt : Long.parseLong(v);
            if (n < 0) {
                fail(name + " must not be negative: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            fail(name + " needs a whole number, not '" + v + "'");
            return 0;
        }
    }

    String text(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
