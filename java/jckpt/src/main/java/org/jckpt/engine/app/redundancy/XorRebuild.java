package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksums;
import org.jckpt.store.Durable;
import org.jckpt.store.IoErrors;
import org.jckpt.store.Progress;

/**
 * The lost files of a set that some node of the restart reads, each decoded once and spread over
 * its parity group's survivors, as SCR rebuilds: (1) each survivor's file sends every other survivor's
 * parity holder the chunk that parity folds in, as when the parity was made; (2) each holder makes the
 * lost file's chunk in its parity, its parity XOR those chunks; (3) each node that reads the lost file
 * fetches its chunks in file order, and keeps it only with the set's CRC. Each step is run on every
 * node's lowest task, with a collective between steps; returns are the problem, or empty.
 */
final class XorRebuild {
    /** Names the pieces a rebuild makes for itself: {@code <file>.rebuild-<sender>-<holder>}, {@code <file>.rebuild-<holder>}. */
    static final String TEMPORARY = ".rebuild-";

    private final Map<Integer, CheckpointSet.FileEntry> byTask;
    private final RebuildPlan plan;
    private final XorGroups groups;
    private final RebuildNodes nodes;
    private final PieceStore store;
    private final String host;

    XorRebuild(CheckpointSet set, RebuildPlan plan, XorGroups groups, RebuildNodes nodes, PieceStore store, String host) {
        this.byTask = RebuildNodes.filesByTask(set);
        this.plan = plan;
        this.groups = groups;
        this.nodes = nodes;
        this.store = store;
        this.host = host;
    }

    /** Step 1: the chunks this node's survivors of the groups of {@code lost} send to other nodes' parity holders. */
    String sendChunks(Set<Integer> lost) {
        for (int l : lost) {
            List<Integer> group = groups.groupOf(l);
            for (int a : group) {
                for (int b : group) {
                    if (a != l && b != l && a != b && isHere(a) && !holderOf(b).equals(host)) {
                        try (PeerClient peer = nodes.connect(holderOf(b))) {
                            peer.send(PieceStore.Kind.PIECE, sentName(l, a, b), fileOf(a), sent(l, a, b));
                        } catch (IOException e) {
                            return host + " could not send task " + a + "'s chunk to " + holderOf(b) + " to decode task " + l
                                    + "'s file: " + IoErrors.describe(e);
                        }
                    }
                }
            }
        }
        return "";
    }

    /** Step 2: the chunks of the files of {@code lost} in the parities held here. */
    String makeChunks(Set<Integer> lost) {
        for (int l : lost) {
            List<Integer> group = groups.groupOf(l);
            long[] sizes = group.stream().mapToLong(t -> byTask.get(t).size()).toArray();
            for (int b : group) {
                if (b != l && holderOf(b).equals(host)) {
                    try {
                        Path parity = store.piece(byTask.get(b).file() + XorParity.PARITY);
                        XorCode.combine(XorCode.lostChunkInputs(group.indexOf(l), group.indexOf(b), sizes,
                                new XorCode.Input(parity, ParityFile.checkedData(parity)), pos -> sentTo(l, group.get(pos), b)),
                                store.piece(chunkName(l, b)), store.modes());
                    } catch (IOException e) {
                        return host + " could not decode its part of task " + l + "'s file: " + IoErrors.describe(e);
                    }
                }
            }
        }
        return "";
    }

    /** Step 3: the files of {@code lost} that this node reads, from their chunks. */
    String assemble(Set<Integer> lost) {
        for (int l : lost) {
            CheckpointSet.FileEntry entry = byTask.get(l);
            Path target = store.local().dir().resolve(entry.file());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            try {
                try (FileChannel out = store.modes().createForWriting(part)) {
                    List<Integer> group = groups.groupOf(l);
                    for (int k = 0; k < group.size() - 1; k++) {
                        append(l, group.get(XorCode.holderOfChunk(group.indexOf(l), k, group.size())), out);
                    }
                }
                RebuildNodes.checkCrc(Checksums.crcAndSize(part, Progress.NONE), entry, part, "decoded");
                Durable.rename(part, target);
            } catch (IOException e) {
                return host + " could not decode task " + l + "'s file from its group's parity: " + IoErrors.describe(e);
            }
        }
        return "";
    }

    /** After step 3 on every node: the pieces made for the rebuild go. */
    void clean() {
        store.delete(name -> name.contains(TEMPORARY));
    }

    /** Appends the chunk of lost {@code l}'s file in {@code b}'s parity to {@code out}. */
    private void append(int l, int b, FileChannel out) throws IOException {
        if (!holderOf(b).equals(host)) {
            try (PeerClient peer = nodes.connect(holderOf(b))) {
                peer.fetchInto(PieceStore.Kind.PIECE, chunkName(l, b), out);
            }
            return;
        }
        try (FileChannel in = FileChannel.open(store.piece(chunkName(l, b)), StandardOpenOption.READ)) {
            for (long at = 0, size = in.size(); at < size; ) {
                at += in.transferTo(at, size - at, out);
            }
        }
    }

    /** Whether the file of survivor {@code a} comes from this node. */
    private boolean isHere(int a) {
        return plan.sources().get(a).orElseThrow().host().equals(host);
    }

    /** The node that holds survivor {@code b}'s parity, intact. */
    private String holderOf(int b) {
        return plan.parityAt().get(b);
    }

    /** Survivor {@code a}'s file on this node: its copy, or the partner copy kept here. */
    private Path fileOf(int a) {
        String file = byTask.get(a).file();
        boolean partnerCopy = plan.sources().get(a).orElseThrow().kind() == RebuildPlan.Kind.PIECE;
        return partnerCopy ? store.piece(file) : store.local().dir().resolve(file);
    }

    /** The range of survivor {@code a}'s file that {@code b}'s parity folds in, as far as the lost chunk there reaches. */
    private XorCode.Range sent(int l, int a, int b) {
        List<Integer> group = groups.groupOf(l);
        int m = group.size();
        XorCode.Range chunk = XorCode.chunk(byTask.get(a).size(), m, group.indexOf(a), group.indexOf(b));
        long reach = XorCode.chunk(byTask.get(l).size(), m, group.indexOf(l), group.indexOf(b)).length();
        return new XorCode.Range(chunk.offset(), Math.min(chunk.length(), reach));
    }

    /** Survivor {@code a}'s chunk for {@code b}'s parity as an input here: its own file's range, or what it sent. */
    private XorCode.Input sentTo(int l, int a, int b) {
        return isHere(a) ? new XorCode.Input(fileOf(a), sent(l, a, b))
                : new XorCode.Input(store.piece(sentName(l, a, b)), new XorCode.Range(0, Long.MAX_VALUE));
    }

    private String sentName(int l, int a, int b) {
        return byTask.get(l).file() + TEMPORARY + a + "-" + b;
    }

    private String chunkName(int l, int b) {
        return byTask.get(l).file() + TEMPORARY + b;
    }
}
