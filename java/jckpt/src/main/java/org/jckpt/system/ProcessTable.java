package org.jckpt.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * This host's processes as {@code /proc} shows them at one moment: each one's command name,
 * arguments, and the files below some directories that it maps or holds open. Which files
 * another user's processes use is not known (unless root): callers trust this only for their
 * own user's files.
 */
public final class ProcessTable {
    /** One process: its command name ({@code /proc/PID/comm}), arguments, and the files it uses. */
    public record Proc(long pid, String command, List<String> arguments, Set<Path> files) {
    }

    private final Map<Long, Proc> procs;
    /** Every file in use, and every directory above one. */
    private final Set<Path> inUse = new HashSet<>();

    public ProcessTable(Collection<Proc> procs) {
        this.procs = procs.stream().collect(Collectors.toMap(Proc::pid, Function.identity()));
        for (Proc p : procs) {
            for (Path file : p.files()) {
                for (Path f = file; f != null; f = f.getParent()) {
                    inUse.add(f);
                }
            }
        }
    }

    /**
     * Reads {@code proc} (normally {@code /proc}), keeping the files below {@code under}; gives up
     * with an IOException once {@code deadlineNanos} ({@link System#nanoTime()}) has passed.
     */
    public static ProcessTable read(Path proc, Collection<Path> under, long deadlineNanos) throws IOException {
        List<Proc> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path p : (Iterable<Path>) entries.filter(e -> e.getFileName().toString().matches("\\d+"))::iterator) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new IOException("reading " + proc + " took too long");
                }
                readProc(p, under).ifPresent(found::add);
            }
        }
        return new ProcessTable(found);
    }

    /** Whether process {@code pid} runs and its command is one of {@code commands}. */
    public boolean runs(long pid, Set<String> commands) {
        Proc p = procs.get(pid);
        return p != null && commands.contains(p.command());
    }

    /** Whether a process maps or holds open {@code path}, or a file below it. */
    public boolean uses(Path path) {
        return inUse.contains(path);
    }

    public Stream<Proc> all() {
        return procs.values().stream();
    }

    private static Optional<Proc> readProc(Path p, Collection<Path> under) {
        try {
            String command = Files.readString(p.resolve("comm"), StandardCharsets.UTF_8).strip();
            List<String> args = List.of(Files.readString(p.resolve("cmdline"), StandardCharsets.UTF_8).split("\0"));
            return Optional.of(new Proc(Long.parseLong(p.getFileName().toString()), command, args, files(p, under)));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // Gone meanwhile.
        }
    }

    /** What the process maps or holds open below {@code under}; nothing when that is not ours to read. */
    private static Set<Path> files(Path p, Collection<Path> under) {
        Set<Path> files = new HashSet<>();
        try {
            mapped(p, under, files);
            open(p, under, files);
        } catch (IOException | UncheckedIOException e) { // The lazy streams' reads throw the latter.
            return Set.of(); // Another user's process (when not root), or gone meanwhile.
        }
        return files;
    }

    /** The files of {@code /proc/PID/maps} below {@code under}: the path is the sixth field, to the end of the line. */
    private static void mapped(Path p, Collection<Path> under, Set<Path> files) throws IOException {
        try (Stream<String> lines = Files.lines(p.resolve("maps"), StandardCharsets.UTF_8)) {
            lines.map(l -> l.split("\\s+", 6)).filter(f -> f.length == 6 && f[5].startsWith("/"))
                    .map(f -> Path.of(f[5].strip().replaceFirst(" \\(deleted\\)$", "")))
                    .filter(f -> below(f, under)).forEach(files::add);
        }
    }

    private static void open(Path p, Collection<Path> under, Set<Path> files) throws IOException {
        try (Stream<Path> fds = Files.list(p.resolve("fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Path.of(Files.readSymbolicLink(fd).toString().replaceFirst(" \\(deleted\\)$", ""));
                    if (below(target, under)) {
                        files.add(target);
                    }
                } catch (IOException e) {
                    // Closed meanwhile.
                }
            }
        }
    }

    private static boolean below(Path f, Collection<Path> under) {
        return under.stream().anyMatch(f::startsWith);
    }
}
