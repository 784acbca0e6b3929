package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jckpt.control.ControlClient;
import org.jckpt.engine.Collective;
import org.jckpt.engine.TaskProblem;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.DamagedSetException;
import org.jckpt.store.Durable;
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
            server = PeerServer.start(token, store);
            address = control.localAddress().getHostAddress() + ":" + server.port();
        } catch (IOException e) {
            problem = "task " + collective.rank() + " on " + host + " cannot take peer connections: " + IoErrors.describe(e);
        }
        try {
            String[] peers = collective.allGather(host + "\t" + address + "\t" + (isFile(setFile) ? "set" : ""));
            throwIfAny(problem, setFile);
            Nodes nodes = new Nodes(peers, host, token);
            throwIfAny(nodes.isFirst(collective.rank()) && !isFile(setFile) ? nodes.fetchSetFile(setFile, store) : "", setFile);
            CheckpointSet set = SetFiles.read(setFile);
            String[] stock = collective.allGather(nodes.isFirst(collective.rank()) ? encode(holdings(set)) : "");
            Map<String, RebuildPlan.Holdings> held = nodes.holdings(stock);
            RebuildPlan plan = RebuildPlan.of(set.tasks(), held);
            if (!plan.lost().isEmpty()) {
                throw new DamagedSetException(setFile + " cannot be rebuilt from the nodes this run has: nothing usable is left of"
                        + " the copies of task" + (plan.lost().size() == 1 ? " " : "s ") + plan.lost().stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " (they ran on " + set.hosts().get(plan.lost().get(0)) + ")");
            }
            List<RebuildPlan.Source> steps = plan.stepsFor(host, held.get(host));
            throwIfAny(nodes.isFirst(collective.rank()) ? nodes.rebuild(set, steps, store) : "", setFile);
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

    /** What this node holds of {@code set}: its task files that match their checksums, as copies and as pieces. */
    private RebuildPlan.Holdings holdings(CheckpointSet set) {
        Set<Integer> copies = new HashSet<>();
        Set<Integer> pieces = new HashSet<>();
        for (CheckpointSet.FileEntry f : set.files()) {
            int task = Integer.parseInt(f.task());
            if (matches(level.dir().resolve(f.file()), f, "copy")) {
                copies.add(task);
            }
            if (matches(store.piece(f.file()), f, "partner copy")) {
                pieces.add(task);
            }
        }
        return new RebuildPlan.Holdings(copies, pieces);
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

    private static String encode(RebuildPlan.Holdings h) {
        return join(h.copies()) + "\t" + join(h.pieces());
    }

    private static String join(Set<Integer> tasks) {
        return tasks.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    private String says(CheckpointSet set, RebuildPlan plan, int nodes) {
        List<Integer> rebuilt = plan.sources().stream().flatMap(Optional::stream).filter(RebuildPlan.Source::piece)
                .map(RebuildPlan.Source::task).toList();
        String how = rebuilt.isEmpty() ? "every task's own copy is left"
                : "the copies of task" + (rebuilt.size() == 1 ? " " : "s ") + rebuilt.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ", lost with " + rebuilt.stream().map(set.hosts()::get).distinct()
                .collect(Collectors.joining(", ")) + ", rebuilt from partner copies";
        return "restarting from set " + tag + " on the node-local level (" + how + "), made whole on each of this run's "
                + nodes + " node" + (nodes == 1 ? "" : "s");
    }

    /** This run's nodes: each one's lowest task and where it takes connections. */
    private static final class Nodes {
        private final Map<String, Integer> firstTask = new LinkedHashMap<>();
        private final String[] addresses;
        private final String[] hosts;
        private final boolean[] hasSetFile;
        private final String host;
        private final String token;

        Nodes(String[] peers, String host, String token) {
            this.host = host;
            this.token = token;
            addresses = new String[peers.length];
            hosts = new String[peers.length];
            hasSetFile = new boolean[peers.length];
            for (int t = 0; t < peers.length; t++) {
                String[] f = peers[t].split("\t", -1);
                hosts[t] = f[0];
                addresses[t] = f[1];
                hasSetFile[t] = f[2].equals("set");
                firstTask.putIfAbsent(f[0], t);
            }
        }

        boolean isFirst(int task) {
            return firstTask.get(hosts[task]) == task;
        }

        /** Each node's holdings, from its lowest task's stock. */
        Map<String, RebuildPlan.Holdings> holdings(String[] stock) {
            Map<String, RebuildPlan.Holdings> held = new LinkedHashMap<>();
            firstTask.forEach((h, t) -> {
                String[] f = stock[t].split("\t", -1);
                held.put(h, new RebuildPlan.Holdings(tasks(f[0]), tasks(f[1])));
            });
            return held;
        }

        private static Set<Integer> tasks(String list) {
            return list.isEmpty() ? Set.of() : Arrays.stream(list.split(",")).map(Integer::valueOf).collect(Collectors.toSet());
        }

        /** Fetches the set file from a node that has it; the problem, or empty. */
        String fetchSetFile(Path setFile, PieceStore store) {
            for (int t : firstTask.values()) {
                if (hasSetFile[t]) {
                    try (PeerClient peer = PeerClient.connect(addresses[t], token, "task " + t + " on " + hosts[t])) {
                        peer.fetch(PieceStore.Kind.LEVEL, setFile.getFileName().toString(), setFile, store.modes());
                        return "";
                    } catch (IOException e) {
                        return host + " could not fetch the set file: " + IoErrors.describe(e);
                    }
                }
            }
            return "no node of this run has " + setFile.getFileName();
        }

        /** Gets each file of {@code steps} into this node's level; the problem, or empty. */
        String rebuild(CheckpointSet set, List<RebuildPlan.Source> steps, PieceStore store) {
            Map<String, CheckpointSet.FileEntry> byTask = set.files().stream()
                    .collect(Collectors.toMap(CheckpointSet.FileEntry::task, f -> f));
            for (RebuildPlan.Source s : steps) {
                CheckpointSet.FileEntry entry = byTask.get(Integer.toString(s.task()));
                Path target = store.local().dir().resolve(entry.file());
                try {
                    if (s.host().equals(host)) {
                        Path part = target.resolveSibling(target.getFileName() + ".part");
                        Files.copy(store.piece(entry.file()), part, StandardCopyOption.REPLACE_EXISTING);
                        Durable.rename(part, target);
                    } else {
                        fetch(s, entry, target, store);
                    }
                } catch (IOException e) {
                    return host + " could not get task " + s.task() + "'s file from " + s.host() + ": " + IoErrors.describe(e);
                }
            }
            return "";
        }

        private void fetch(RebuildPlan.Source s, CheckpointSet.FileEntry entry, Path target, PieceStore store) throws IOException {
            int t = firstTask.get(s.host());
            try (PeerClient peer = PeerClient.connect(addresses[t], token, "task " + t + " on " + s.host())) {
                Checksummed got = peer.fetch(s.piece() ? PieceStore.Kind.PIECE : PieceStore.Kind.LEVEL, entry.file(), target,
                        store.modes());
                if (!got.crcHex().equals(entry.crc32c())) {
                    Files.deleteIfExists(target);
                    throw new IOException(entry.file() + " arrived with CRC " + got.crcHex() + ", not the set's " + entry.crc32c());
                }
            }
        }
    }
}
