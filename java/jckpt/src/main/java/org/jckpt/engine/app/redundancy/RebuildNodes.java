package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Durable;
import org.jckpt.store.IoErrors;

/**
 * The nodes of a restart that rebuilds a set of the local level ({@link LocalRebuild}): each one's
 * lowest task and where it takes connections; what each node holds and its tasks read; and, on each
 * node's lowest task, the fetching and unpacking of the copies it lacks ({@link XorRebuild} decodes).
 */
final class RebuildNodes {
    private final Map<String, Integer> firstTask = new LinkedHashMap<>();
    private final String[] addresses;
    private final String[] hosts;
    private final boolean[] hasSetFile;
    private final String host;
    private final String token;

    RebuildNodes(String[] peers, String host, String token) {
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

    /** Task {@code task}'s share of its node's stock-taking: which of every {@link #tasksOn} files it checks. */
    int shareOf(int task) {
        return (int) IntStream.range(0, task).filter(t -> hosts[t].equals(hosts[task])).count();
    }

    /** How many of this run's tasks run on {@code task}'s node. */
    int tasksOn(int task) {
        return (int) Arrays.stream(hosts).filter(hosts[task]::equals).count();
    }

    /** Each node's holdings, from the stock its tasks took, each of its share. */
    Map<String, RebuildPlan.Holdings> holdings(String[] stock) {
        Map<String, RebuildPlan.Holdings> held = new LinkedHashMap<>();
        firstTask.keySet().forEach(h -> held.put(h, new RebuildPlan.Holdings(new HashSet<>(), new HashSet<>(), new HashSet<>())));
        for (int t = 0; t < stock.length; t++) {
            String[] f = stock[t].split("\t", -1);
            RebuildPlan.Holdings node = held.get(hosts[t]);
            node.copies().addAll(tasks(f[0]));
            node.pieces().addAll(tasks(f[1]));
            node.parity().addAll(tasks(f[2]));
        }
        return held;
    }

    private static Set<Integer> tasks(String list) {
        return list.isEmpty() ? Set.of() : Arrays.stream(list.split(",")).map(Integer::valueOf).collect(Collectors.toSet());
    }

    /** The old tasks whose files the tasks on {@code node} read, from every task's list of them. */
    Set<Integer> readOn(String node, String[] reads) {
        Set<Integer> read = new TreeSet<>();
        for (int t = 0; t < reads.length; t++) {
            if (hosts[t].equals(node)) {
                read.addAll(tasks(reads[t]));
            }
        }
        return read;
    }

    /** The old tasks whose files any task reads, from every task's list of them. */
    Set<Integer> readAnywhere(String[] reads) {
        Set<Integer> read = new TreeSet<>();
        Arrays.stream(reads).forEach(r -> read.addAll(tasks(r)));
        return read;
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

    /** Gets each file of {@code steps} (copies and partner copies) into this node's level; the problem, or empty. */
    String rebuild(CheckpointSet set, List<RebuildPlan.Source> steps, PieceStore store) {
        Map<Integer, CheckpointSet.FileEntry> byTask = filesByTask(set);
        for (RebuildPlan.Source s : steps) {
            CheckpointSet.FileEntry entry = byTask.get(s.task());
            Path target = store.local().dir().resolve(entry.file());
            try {
                if (s.host().equals(host)) {
                    unpack(store.piece(entry.file()), target);
                } else {
                    PieceStore.Kind kind = s.kind() == RebuildPlan.Kind.PIECE ? PieceStore.Kind.PIECE : PieceStore.Kind.LEVEL;
                    checkCrc(fetch(s.host(), kind, entry.file(), target, store), entry, target, "arrived");
                }
            } catch (IOException e) {
                return host + " could not get task " + s.task() + "'s file from " + s.host() + ": " + IoErrors.describe(e);
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

    private Checksummed fetch(String from, PieceStore.Kind kind, String name, Path target, PieceStore store) throws IOException {
        try (PeerClient peer = connect(from)) {
            return peer.fetch(kind, name, target, store.modes());
        }
    }

    /** The task files of a set of the app engine, by old task. */
    static Map<Integer, CheckpointSet.FileEntry> filesByTask(CheckpointSet set) {
        return set.files().stream().collect(Collectors.toMap(f -> Integer.valueOf(f.task()), f -> f));
    }

    /** A connection to the lowest task of node {@code node}. */
    PeerClient connect(String node) throws IOException {
        int t = firstTask.get(node);
        return PeerClient.connect(addresses[t], token, "task " + t + " on " + node);
    }

    /** A file that is not {@code entry}'s bytes goes, and says so. */
    static void checkCrc(Checksummed got, CheckpointSet.FileEntry entry, Path file, String how) throws IOException {
        if (!got.crcHex().equals(entry.crc32c())) {
            Files.deleteIfExists(file);
            throw new IOException(entry.file() + " " + how + " with CRC " + got.crcHex() + ", not the set's " + entry.crc32c());
        }
    }
}
