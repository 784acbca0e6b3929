package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

    /** What this node holds of {@code set}: its task files that match their checksums, as copies and as pieces. */
    private RebuildPlan.Holdings holdings(CheckpointSet set) {
        Set<Integer> copies = new HashSet<>();
        Set<Integer> pieces = new HashSet<>();
        Set<Integer> parity = new HashSet<>();
        for (CheckpointSet.FileEntry f : set.files()) {
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
                held.put(h, new RebuildPlan.Holdings(tasks(f[0]), tasks(f[1]), tasks(f[2])));
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
        String rebuild(CheckpointSet set, List<RebuildPlan.Source> steps, RebuildPlan plan, XorGroups groups, PieceStore store) {
            Map<Integer, CheckpointSet.FileEntry> byTask = set.files().stream()
                    .collect(Collectors.toMap(f -> Integer.valueOf(f.task()), f -> f));
            for (RebuildPlan.Source s : steps) {
                CheckpointSet.FileEntry entry = byTask.get(s.task());
                Path target = store.local().dir().resolve(entry.file());
                try {
                    if (s.kind() == RebuildPlan.Kind.PARITY) {
                        decode(s.task(), groups.groupOf(s.task()), byTask, plan.parityAt(), target, store);
                    } else if (s.host().equals(host)) {
                        unpack(store.piece(entry.file()), target);
                    } else {
                        PieceStore.Kind kind = s.kind() == RebuildPlan.Kind.PIECE ? PieceStore.Kind.PIECE : PieceStore.Kind.LEVEL;
                        checkCrc(fetch(s.host(), kind, entry.file(), target, store), entry, target, "arrived");
                    }
                } catch (IOException e) {
                    return host + " could not " + (s.kind() == RebuildPlan.Kind.PARITY ? "decode task " + s.task()
                            + "'s file from its group's parity" : "get task " + s.task() + "'s file from " + s.host()) + ": "
                            + IoErrors.describe(e);
                }
            }
            return "";
        }

        /**
         * A partner copy kept here becomes a copy of the level: a second name of the same file where
         * the file system allows (no byte moves; the piece stays for the next restart), else a copy.
         */
        private static void unpack(Path piece, Path target) throws IOException {
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.deleteIfExists(part);
            try {
                Files.createLink(part, piece);
            } catch (IOException | UnsupportedOperationException noLink) {
                Files.copy(piece, part, StandardCopyOption.REPLACE_EXISTING);
            }
            Durable.rename(part, target);
        }

        /** Decodes old {@code task}'s file into {@code target}: the other members' files are here, their parities fetched. */
        private void decode(int task, List<Integer> group, Map<Integer, CheckpointSet.FileEntry> byTask,
                            Map<Integer, String> parityAt, Path target, PieceStore store) throws IOException {
            XorCode.Input[] parities = new XorCode.Input[group.size()];
            long[] sizes = new long[group.size()];
            for (int pos = 0; pos < group.size(); pos++) {
                CheckpointSet.FileEntry member = byTask.get(group.get(pos));
                sizes[pos] = member.size();
                if (group.get(pos) != task) {
                    String name = member.file() + XorParity.PARITY;
                    Path parity = store.piece(name);
                    if (!isFile(parity)) {
                        fetch(parityAt.get(group.get(pos)), PieceStore.Kind.PIECE, name, parity, store);
                    }
                    parities[pos] = new XorCode.Input(parity, ParityFile.data(parity)
                            .orElseThrow(() -> new IOException("the parity " + parity + " is damaged")));
                }
            }
            Path part = target.resolveSibling(target.getFileName() + ".part");
            XorCode.decode(group.indexOf(task), sizes, pos -> store.local().dir().resolve(byTask.get(group.get(pos)).file()),
                    pos -> parities[pos], part, store.modes());
            checkCrc(Checksums.crcAndSize(part, Progress.NONE), byTask.get(task), part, "decoded");
            Durable.rename(part, target);
        }

        private Checksummed fetch(String from, PieceStore.Kind kind, String name, Path target, PieceStore store) throws IOException {
            int t = firstTask.get(from);
            try (PeerClient peer = PeerClient.connect(addresses[t], token, "task " + t + " on " + from)) {
                return peer.fetch(kind, name, target, store.modes());
            }
        }

        /** A file that is not {@code entry}'s bytes goes, and says so. */
        private static void checkCrc(Checksummed got, CheckpointSet.FileEntry entry, Path file, String how) throws IOException {
            if (!got.crcHex().equals(entry.crc32c())) {
                Files.deleteIfExists(file);
                throw new IOException(entry.file() + " " + how + " with CRC " + got.crcHex() + ", not the set's " + entry.crc32c());
            }
        }
    }
}
