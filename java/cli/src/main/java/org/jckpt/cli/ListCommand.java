package org.jckpt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Levels;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.Redundancy;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.jckpt.store.SetVerifier;
import org.jckpt.store.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the checkpoint sets in DIR: set file, tag, time, tasks, size, the task counts it restarts"
                + " with ('any' when every item can be redistributed), state."
                + " State is 'committed' (files present, sizes match), 'verified' with --verify (checksums match),"
                + " or 'damaged: ...' naming the first bad file. A set the background flush committed says which"
                + " newer checkpoints it superseded before they were flushed ('coalesced')."
                + " With -v, each set's files follow, and how each item of a compressed file is stored."
                + " Sets on this node's local level (--local-dir) that are not in DIR (not flushed: --flush-every, or"
                + " not yet) are listed too, their state saying how they are protected and what of them this node holds.")
final class ListCommand implements Callable<Integer> {
    private static final Pattern SET_NAME = Pattern.compile("(.+)\\.(\\d+)");

    @Parameters(paramLabel = "DIR", description = "checkpoint directory")
    Path dir;

    @Option(names = "--verify", description = "also check every file's checksum")
    boolean verify;

    @Option(names = {"-v", "--verbose"}, description = "also list each set's files and, for files compressed on their way"
            + " out, each item's codec, size, stored size and ratio (size over stored size)")
    boolean verbose;

    @Option(names = "--local-dir", paramLabel = "DIR", defaultValue = "/dev/shm",
            description = "the node-local level the jobs used (%%h for the host's name; default: ${DEFAULT-VALUE})")
    Path localDir;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("checkpoint directory " + dir + " does not exist");
        }
        Map<String, String> rows = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = SET_NAME.matcher(f.getFileName().toString());
                if (m.matches() && !m.group(1).contains(".") && Files.isRegularFile(f)) {
                    rows.put(sortKey(m), row(f));
                }
            }
        }
        Path localRoot = new Levels(true, localDir.toAbsolutePath(), 0, "none").localRootHere();
        for (SetNaming level : LocalLevel.existingFor(localRoot, dir.toAbsolutePath())) {
            for (int tag : level.setTags()) {
                // A set also in DIR is listed as there: the local one is its copy before or after the flush.
                rows.putIfAbsent(sortKey(level.name(), tag), localRow(level.setFile(tag)));
            }
        }
        System.out.printf("%-40s %5s %-24s %5s %12s %-7s  %s%n", "SET", "TAG", "TIME", "TASKS", "BYTES", "RESTART", "STATE");
        rows.values().forEach(System.out::println);
        return 0;
    }

    private static String sortKey(Matcher m) {
        return sortKey(m.group(1), Long.parseLong(m.group(2)));
    }

    private static String sortKey(String name, long tag) {
        return name + String.format("%012d", tag);
    }

    /** A set on this node's local level: where it lives, and what of it this node holds. */
    private String localRow(Path setFile) {
        try {
            CheckpointSet set = SetFiles.read(setFile);
            Redundancy redundancy = Redundancy.of(set);
            Path dir = setFile.getParent();
            long copies = set.files().stream().filter(f -> Files.isRegularFile(dir.resolve(f.file()))).count();
            long pieces = set.files().stream().filter(f -> Files.isRegularFile(dir.resolve(".pieces").resolve(f.file()))).count();
            long parities = set.files().stream()
                    .filter(f -> Files.isRegularFile(dir.resolve(".pieces").resolve(f.file() + ".xor"))).count();
            String held = redundancy.none() ? "" : ", " + pieces + " partner copies" + (parities == 0 ? "" : ", " + parities + (parities == 1 ? " parity" : " parities"));
            return format(setFile, set, (redundancy.none() ? "local" : "local + " + redundancy.text()) + ": " + copies + " of "
                    + set.tasks() + " task files on this node" + held + " (" + dir + ")");
        } catch (SetFileException e) {
            return unreadable(setFile, e);
        }
    }

    private static String format(Path setFile, CheckpointSet set, String state) {
        return String.format("%-40s %5d %-24s %5d %12d %-7s  %s", setFile.getFileName(), set.tag(),
                set.time().substring(0, Math.min(set.time().length(), 19)), set.tasks(), set.totalSize(),
                set.redistributable() ? "any" : "-np " + set.tasks(), state);
    }

    private String row(Path setFile) {
        try {
            CheckpointSet set = SetFiles.read(setFile);
            String row = format(setFile, set, state(setFile, set));
            return verbose ? row + platform(set) + files(set) : row;
        } catch (SetFileException e) {
            return unreadable(setFile, e);
        }
    }

    private static String unreadable(Path setFile, SetFileException e) {
        return String.format("%-40s %5s %-24s %5s %12s %-7s  %s", setFile.getFileName(), SetNaming.tagOf(setFile), "-", "-", "-", "-",
                "unreadable: " + e.getMessage());
    }

    /** The checkpoints taken since the previous commit that this set superseded before they reached the directory. */
    private static String flushNote(CheckpointSet set) {
        String coalesced = set.engineInfo().get("coalesced");
        return coalesced == null ? "" : " (coalesced " + coalesced.replace(",", ", ") + ")";
    }

    /** The MPI and the binding the set's job ran with, where the set records them. */
    private static String platform(CheckpointSet set) {
        RecordedOptions options = RecordedOptions.of(set.program());
        return options.mpi() == null ? "" : String.format("%n  written on %s, bindings: %s", options.mpi(), options.bindings());
    }

    /** A line per file of {@code set}, each followed by a line per item when the file records how its items are stored. */
    private static String files(CheckpointSet set) {
        StringBuilder b = new StringBuilder();
        for (CheckpointSet.FileEntry f : set.files()) {
            b.append(String.format("%n  %-38s task %-5s %12d bytes%s", f.file(), f.task(), f.size(),
                    f.items().isEmpty() ? ", stored as written" : ""));
            for (CheckpointSet.StoredItem i : f.items()) {
                b.append(String.format("%n    %-24s %-16s %12d -> %12d  ratio %.2f", i.name(), i.codec(), i.bytes(), i.stored(),
                        i.ratio()));
            }
        }
        return b.toString();
    }

    private String state(Path setFile, CheckpointSet set) {
        try {
            if (verify) {
                SetVerifier.verify(setFile, Progress.NONE);
                return "verified" + flushNote(set);
            }
            SetVerifier.requirePresent(setFile, set);
            return "committed" + flushNote(set);
        } catch (SetFileException e) {
            return "damaged: " + e.getMessage();
        }
    }
}
