package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The hosts of an Open MPI hostfile ({@code host [slots=N ...]} per line, {@code #} comments). */
public final class Hostfile {
    private static final Pattern SLOTS = Pattern.compile("\\bslots=(\\d+)");

    private Hostfile() {
    }

    /**
     * A host's line: its name, its slots (one when the line gives none: how many cores a remote
     * host has, only Open MPI finds out), and the line as written.
     */
    public record Entry(String host, int slots, String line) {
        /** The line a hostfile gives {@code host} with {@code slots} slots. */
        public static Entry of(String host, int slots) {
            return new Entry(host, slots, host + " slots=" + slots);
        }
    }

    public static List<String> hosts(Path hostfile) throws IOException, LaunchException {
        return entries(hostfile).stream().map(Entry::host).toList();
    }

    public static List<Entry> entries(Path hostfile) throws IOException, LaunchException {
        List<Entry> entries = Files.readAllLines(hostfile).stream()
                .map(l -> l.replaceFirst("#.*", "").strip())
                .filter(l -> !l.isEmpty())
                .map(Hostfile::entry)
                .toList();
        if (entries.isEmpty()) {
            throw new LaunchException("hostfile " + hostfile + " names no host");
        }
        return entries;
    }

    private static Entry entry(String line) {
        Matcher m = SLOTS.matcher(line);
        return new Entry(line.split("\\s+")[0], m.find() ? Integer.parseInt(m.group(1)) : 1, line);
    }
}
