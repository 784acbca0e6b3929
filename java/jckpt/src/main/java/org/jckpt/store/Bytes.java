package org.jckpt.store;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as people write them: 512M, 2G, 1.5 GiB. */
public final class Bytes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

    private Bytes() {
    }

    /** {@code 64G}, {@code 512M}, {@code 1048576}: binary units; a one-line error for anything else. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 512M, 8G)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
    }

    public static String human(long bytes) {
        if (bytes < 1 << 20) {
            return bytes + " B";
        }
        double mib = bytes / (double) (1 << 20);
        return mib < 1024 ? String.format(Locale.ROOT, "%.0f MiB", mib) : String.format(Locale.ROOT, "%.1f GiB", mib / 1024);
    }
}
