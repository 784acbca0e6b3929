package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * node holds of the set (its copies, partner copies kept for other nodes), every copy checked
 * against the set's checksum; then each node gets every task file it lacks, from its own partner
 * copies or from another node over jckpt's connections, so that the tasks load the set from their
 * own node's level as from any set. A set of which some task file is left nowhere, or only damaged,
 * cannot be rebuilt: the restart ends as for a damaged set, and the launcher falls back to an older one.
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

    /** Collective: makes set {@code tag} whole on this node; returns its set file here. */
    public Path run(ControlClient control) throws SetFileException {
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
            int rank = collective.rank();
            String[] stock = collective.allGather(encode(holdings(set, nodes.shareOf(rank), nodes.tasksOn(rank))));
            Map<String, RebuildPlan.Holdings> held = nodes.holdings(stock);
            XorGroups groups = XorGroups.parse(set.engineInfo().getOrDefault("xor-groups", ""));
            RebuildPlan plan = RebuildPlan.of(set.tasks(), held, groups);
            if (!plan.lost().isEmpty()) {
                throw new DamagedSetException(setFile + " cannot be rebuilt from the nodes this run has: nothing usable is left of"
                        + " the copies of task" + (plan.lost().size() == 1 ? " " : "s ") + plan.lost().stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " (they ran on " + set.hosts().get(plan.lost().get(0)) + ")");
            }
            List<RebuildPlan.Source> steps = plan.stepsFor(host, held.get(host));
            throwIfAny(nodes.isFirst(collective.rank()) ? nodes.rebuild(set, steps, plan, groups, store) : "", setFile);
            if (collective.rank() == 0) {
                System.err.println("jckpt: " + says(set, plan, held.size()));
            }
            return setFile;
        } finally {
            if (server != null) {
                server.close();
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

    /**
     * What this node holds of {@code set}'s files {@code share}, {@code share + tasks}, ...: those that
     * match their checksums, as copies and as pieces, and parities; the node's tasks check a share each.
     */
    private RebuildPlan.Holdings holdings(CheckpointSet set, int share, int tasks) {
        Set<Integer> copies = new HashSet<>();
        Set<Integer> pieces = new HashSet<>();
        Set<Integer> parity = new HashSet<>();
        for (int i = share; i < set.files().size(); i += tasks) {
            CheckpointSet.FileEntry f = set.files().get(i);
            int task = Integer.parseInt(f.task());
            if (matches(level.dir().resolve(f.file()), f, "copy")) {
                copies.add(task);
            }
            if (matches(store.piece(f.file()), f, "partner copy")) {
                pieces.add(task);
            }
            if (intactParity(store.piece(f.file() + XorParity.PARITY))) {
                parity.add(task);
            }
        }
        return new RebuildPlan.Holdings(copies, pieces, parity);
    }

    /** Whether {@code file} is there and is {@code entry}'s bytes; a damaged one is said and not used. */
    private boolean matches(Path file, CheckpointSet.FileEntry entry, String what) {
        if (!isFile(file)) {
            return false;
        }
        try {
            Checksummed sum = Checksums.crcAndSize(file, Progress.NONE);
            if (sum.size() == entry.size() && sum.crcHex().equals(entry.crc32c())) {
                return true;
            }
            System.err.println("jckpt: " + host + ": the " + what + " " + file + " is damaged (" + sum.size() + " bytes, CRC "
                    + sum.crcHex() + "; the set says " + entry.size() + ", " + entry.crc32c() + "): not used");
        } catch (IOException e) {
            System.err.println("jckpt: " + host + ": cannot read the " + what + " " + file + ": " + IoErrors.describe(e));
        }
        return false;
    }

    /** Whether {@code file} is there and its bytes match the CRC it carries; a damaged one is said and not used. */
    private boolean intactParity(Path file) {
        if (!isFile(file)) {
            return false;
        }
        try {
            if (ParityFile.data(file).isPresent()) {
                return true;
            }
            System.err.println("jckpt: " + host + ": the parity " + file + " is damaged (its bytes do not match their CRC): not used");
        } catch (IOException e) {
            System.err.println("jckpt: " + host + ": cannot read the parity " + file + ": " + IoErrors.describe(e));
        }
        return false;
    }

    private static String encode(RebuildPlan.Holdings h) {
        return join(h.copies()) + "\t" + join(h.pieces()) + "\t" + join(h.parity());
    }

    private static String join(Set<Integer> tasks) {
        return tasks.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    private String says(CheckpointSet set, RebuildPlan plan, int nodes) {
        List<String> rebuilt = new ArrayList<>();
        rebuilt.addAll(rebuilt(set, plan.from(RebuildPlan.Kind.PIECE), "partner copies"));
        rebuilt.addAll(rebuilt(set, plan.from(RebuildPlan.Kind.PARITY), "XOR parity"));
        String how = rebuilt.isEmpty() ? "every task's own copy is left" : String.join("; ", rebuilt);
        return "restarting from set " + tag + " on the node-local level (" + how + "), made whole on each of this run's "
                + nodes + " node" + (nodes == 1 ? "" : "s");
    }

    private static List<String> rebuilt(CheckpointSet set, List<Integer> tasks, String from) {
        return tasks.isEmpty() ? List.of() : List.of("the copies of task" + (tasks.size() == 1 ? " " : "s ")
                + tasks.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ", lost with "
                + tasks.stream().map(set.hosts()::get).distinct().collect(Collectors.joining(", ")) + ", rebuilt from " + from);
    }
}
