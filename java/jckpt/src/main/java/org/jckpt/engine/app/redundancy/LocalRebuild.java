package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jckpt.control.ControlClient;
import org.jckpt.engine.Collective;
import org.jckpt.engine.TaskProblem;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.DamagedSetException;
import org.jckpt.store.FileModes;
import org.jckpt.store.IoErrors;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;

/**
 * A restart from a set on the node-local level, as SCR rebuilds a checkpoint from its redundancy
 * before the program reads it: the lowest task of each node of this run takes stock of what its
 * node holds of the set (its copies, partner copies kept for other nodes); then each node gets the
 * task files its tasks read and it lacks, from its own partner copies or from another node over
 * jckpt's connections ({@link XorRebuild} decodes lost ones), so that the tasks load the set from
 * their own node's level as from any set. A file held in more than
 * one place is checked whole against the set's checksum before one is chosen; one held once is
 * checked as it is used (fetched, decoded, or loaded block by block), so a restart that has no choice
 * reads its bytes once. A set of which some task file is left nowhere, or only damaged, cannot be
 * rebuilt: the restart ends as for a damaged set, and the launcher falls back to an older one.
 */
public final class LocalRebuild {
    private final Collective collective;
    private final LocalLevel level;
    private final PieceStore store;
    private final String token;
    private final String host;
    private final int tag;

    public LocalRebuild(Collective collective, LocalLevel level, FileModes modes, String token, String host, int tag) {
        this.collective = collective;
        this.level = level;
        this.store = new PieceStore(level, modes);
        this.token = token;
        this.host = host;
        this.tag = tag;
    }

    /**
     * Collective: brings this node the files of set {@code tag} that its tasks read, each task's
     * {@code reads} of the set; returns its set file here.
     */
    public Path run(ControlClient control, Function<CheckpointSet, Set<Integer>> reads) throws SetFileException {
        Path setFile = level.naming().setFile(tag);
        PeerServer server = null;
        String problem = "";
        String address = "";
        try {
            server = PeerServer.start(token, store, false); // the restart waits for what it serves
            address = control.localAddress().getHostAddress() + ":" + server.port();
        } catch (IOException e) {
            problem = "task " + collective.rank() + " on " + host + " cannot take peer connections: " + IoErrors.describe(e);
        }
        try {
            String[] peers = collective.allGather(host + "\t" + address + "\t" + (isFile(setFile) ? "set" : ""));
            throwIfAny(problem, setFile);
            RebuildNodes nodes = new RebuildNodes(peers, host, token);
            throwIfAny(nodes.isFirst(collective.rank()) && !isFile(setFile) ? nodes.fetchSetFile(setFile, store) : "", setFile);
            CheckpointSet set = SetFiles.read(setFile);
            Map<String, RebuildPlan.Holdings> held = takeStock(set, nodes);
            XorGroups groups = XorGroups.parse(set.engineInfo().getOrDefault("xor-groups", ""));
            RebuildPlan plan = RebuildPlan.of(set.tasks(), held, groups);
            if (!plan.lost().isEmpty()) {
                throw new DamagedSetException(setFile + " cannot be rebuilt from the nodes this run has: nothing usable is left of"
                        + " the copies of task" + (plan.lost().size() == 1 ? " " : "s ") + plan.lost().stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " (they ran on " + set.hosts().get(plan.lost().get(0)) + ")");
            }
            bring(set, plan, held.get(host), new XorRebuild(set, plan, groups, nodes, store, host), nodes,
                    collective.allGather(join(reads.apply(set))));
            if (collective.rank() == 0) {
                System.err.println("jckpt: " + says(set, plan));
            }
            return setFile;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * Collective: brings this node, holding {@code held}, the files its tasks read ({@code reads}:
     * each task's list): copies and partner copies first, then the lost files any node reads are
     * decoded ({@code xor}).
     */
    private void bring(CheckpointSet set, RebuildPlan plan, RebuildPlan.Holdings held, XorRebuild xor, RebuildNodes nodes,
                       String[] reads) throws DamagedSetException {
        Path setFile = level.naming().setFile(tag);
        boolean first = nodes.isFirst(collective.rank());
        Set<Integer> needed = nodes.readOn(host, reads);
        throwIfAny(first ? nodes.rebuild(set, plan.stepsFor(host, held, needed), store) : "", setFile);
        Set<Integer> decoded = new TreeSet<>(plan.from(RebuildPlan.Kind.PARITY));
        decoded.retainAll(nodes.readAnywhere(reads));
        if (decoded.isEmpty()) {
            return;
        }
        try {
            throwIfAny(first ? xor.sendChunks(decoded) : "", setFile);
            throwIfAny(first ? xor.makeChunks(decoded) : "", setFile);
            decoded.retainAll(needed);
            throwIfAny(first ? xor.assemble(decoded) : "", setFile);
        } finally {
            if (first) {
                xor.clean();
            }
        }
    }

    private static boolean isFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** Collective: any task's problem ends the restart as for a damaged set. */
    private void throwIfAny(String problem, Path setFile) throws DamagedSetException {
        TaskProblem first = collective.firstProblem(problem);
        if (first != null) {
            throw new DamagedSetException(setFile + " cannot be rebuilt: " + first.text());
        }
    }

    /** Collective: what each node holds of {@code set} that is usable, those held more than once checked whole. */
    private Map<String, RebuildPlan.Holdings> takeStock(CheckpointSet set, RebuildNodes nodes) {
        int share = nodes.shareOf(collective.rank());
        int tasks = nodes.tasksOn(collective.rank());
        Map<String, RebuildPlan.Holdings> present = nodes.holdings(collective.allGather(encode(
                inventory(set, share, tasks, this::hasSize, this::hasSize, (file, entry, what) -> intactParity(file)))));
        Set<Integer> choices = RebuildPlan.heldMoreThanOnce(set.tasks(), present);
        RebuildPlan.Holdings mine = present.get(host);
        Map<String, RebuildPlan.Holdings> damaged = nodes.holdings(collective.allGather(encode(inventory(set, share, tasks,
                (file, entry, what) -> isChoice(entry, mine.copies(), choices) && !matches(file, entry, what),
                (file, entry, what) -> isChoice(entry, mine.pieces(), choices) && !matches(file, entry, what),
                (file, entry, what) -> false))));
        Map<String, RebuildPlan.Holdings> usable = new LinkedHashMap<>();
        present.forEach((node, held) -> usable.put(node, held.without(damaged.get(node))));
        return usable;
    }

    /** A test of one file this node has of an old task: its copy, partner copy or parity. */
    private interface FileTest {
        boolean test(Path file, CheckpointSet.FileEntry entry, String what);
    }

    /**
     * The old tasks of {@code set}'s files {@code share}, {@code share + tasks}, ... whose copy,
     * partner copy and parity here pass {@code copy}, {@code piece} and {@code parity}; the node's
     * tasks take a share each.
     */
    private RebuildPlan.Holdings inventory(CheckpointSet set, int share, int tasks, FileTest copy, FileTest piece, FileTest parity) {
        Set<Integer> copies = new HashSet<>();
        Set<Integer> pieces = new HashSet<>();
        Set<Integer> parities = new HashSet<>();
        for (int i = share; i < set.files().size(); i += tasks) {
            CheckpointSet.FileEntry f = set.files().get(i);
            int task = Integer.parseInt(f.task());
            if (copy.test(level.dir().resolve(f.file()), f, "copy")) {
                copies.add(task);
            }
            if (piece.test(store.piece(f.file()), f, "partner copy")) {
                pieces.add(task);
            }
            if (parity.test(store.piece(f.file() + XorParity.PARITY), f, "parity")) {
                parities.add(task);
            }
        }
        return new RebuildPlan.Holdings(copies, pieces, parities);
    }

    private static boolean isChoice(CheckpointSet.FileEntry entry, Set<Integer> held, Set<Integer> choices) {
        int task = Integer.parseInt(entry.task());
        return held.contains(task) && choices.contains(task);
    }

    /** Whether {@code file} is there with {@code entry}'s size; one of another size is said and not used. */
    private boolean hasSize(Path file, CheckpointSet.FileEntry entry, String what) {
        if (!isFile(file)) {
            return false;
        }
        try {
            long size = Files.size(file);
            return size == entry.size() || notUsed(what, file, "is damaged (" + size + " bytes; the set says " + entry.size() + ")");
        } catch (IOException e) {
            return notUsed(what, file, "cannot be read: " + IoErrors.describe(e));
        }
    }

    /** Whether {@code file} is {@code entry}'s bytes; a damaged one is said and not used. */
    private boolean matches(Path file, CheckpointSet.FileEntry entry, String what) {
        try {
            Checksummed sum = Checksums.crcAndSize(file, Progress.NONE);
            return sum.size() == entry.size() && sum.crcHex().equals(entry.crc32c()) || notUsed(what, file, "is damaged ("
                    + sum.size() + " bytes, CRC " + sum.crcHex() + "; the set says " + entry.size() + ", " + entry.crc32c() + ")");
        } catch (IOException e) {
            return notUsed(what, file, "cannot be read: " + IoErrors.describe(e));
        }
    }

    /** Whether {@code file} is there and its bytes match the CRC it carries; a damaged one is said and not used. */
    private boolean intactParity(Path file) {
        if (!isFile(file)) {
            return false;
        }
        try {
            return ParityFile.data(file).isPresent() || notUsed("parity", file, "is damaged (its bytes do not match their CRC)");
        } catch (IOException e) {
            return notUsed("parity", file, "cannot be read: " + IoErrors.describe(e));
        }
    }

    /** Says why the {@code what} {@code file} is not used; false. */
    private boolean notUsed(String what, Path file, String why) {
        System.err.println("jckpt: " + host + ": the " + what + " " + file + " " + why + ": not used");
        return false;
    }

    private static String encode(RebuildPlan.Holdings h) {
        return join(h.copies()) + "\t" + join(h.pieces()) + "\t" + join(h.parity());
    }

    private static String join(Set<Integer> tasks) {
        return tasks.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    private String says(CheckpointSet set, RebuildPlan plan) {
        List<String> rebuilt = new ArrayList<>();
        rebuilt.addAll(rebuilt(set, plan.from(RebuildPlan.Kind.PIECE), "partner copies"));
        rebuilt.addAll(rebuilt(set, plan.from(RebuildPlan.Kind.PARITY), "XOR parity"));
        String how = rebuilt.isEmpty() ? "every task's own copy is left" : String.join("; ", rebuilt);
        return "restarting from set " + tag + " on the node-local level (" + how + "), each node given the files its tasks read";
    }

    private static List<String> rebuilt(CheckpointSet set, List<Integer> tasks, String from) {
        return tasks.isEmpty() ? List.of() : List.of("the copies of task" + (tasks.size() == 1 ? " " : "s ")
                + tasks.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ", lost with "
                + tasks.stream().map(set.hosts()::get).distinct().collect(Collectors.joining(", ")) + ", rebuilt from " + from);
    }
}
