package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jckpt.control.ControlClient;
import org.jckpt.engine.Collective;
import org.jckpt.engine.TaskProblem;
import org.jckpt.store.Checksummed;
import org.jckpt.store.FileModes;
import org.jckpt.store.IoErrors;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Redundancy;
import org.jckpt.store.SetNaming;

/**
 * One task's part in protecting the sets of the node-local level against the loss of a node
 * ({@code --redundancy partner|xor:K}): after its copy is checksummed, the task sends it to its
 * partner on the next node ({@link NodeRing}), or its chunks to the other members of its parity group
 * ({@link XorGroups}, {@link XorParity}), over jckpt's own connections ({@link PeerServer}); it keeps
 * what the others send it; and task 0 gives every node the local set file, so that a
 * node that survives its neighbour can tell what it holds. A set is committed on the local level
 * only once every copy has its partner copy or its group's parity. Pieces go when their set goes: the flush's orders
 * (drop, abandon, retire) reach every task.
 */
public final class Protection implements AutoCloseable {
    /** A piece of this name's sets: a partner copy, a chunk or a parity, by the tag of its set. */
    private static final String PIECE = "\\.\\d+\\.(\\d+)(" + Pattern.quote(XorParity.CHUNK) + "|" + Pattern.quote(XorParity.PARITY) + "|"
            + Pattern.quote(XorRebuild.TEMPORARY) + "[0-9-]+)?";
    private final Redundancy scheme;
    private final int rank;
    private final NodeRing ring;
    private final Peers peers;
    private final PeerServer server;
    private final PieceStore store;
    private final SetNaming local;
    /** The parity groups under XOR, else null. */
    private final XorGroups groups;
    private final XorParity parity;

    private Protection(Redundancy scheme, int rank, Peers peers, PeerServer server, PieceStore store) {
        this.scheme = scheme;
        this.rank = rank;
        this.ring = peers.ring();
        this.peers = peers;
        this.server = server;
        this.store = store;
        this.local = store.local().naming();
        boolean xor = scheme.scheme() == Redundancy.Scheme.XOR;
        this.groups = xor ? XorGroups.of(ring, scheme.groupSize()) : null;
        this.parity = xor ? new XorParity(store, peers) : null;
    }

    /**
     * Collective: the protection {@code asked} for, as far as the job's nodes allow, or null for
     * none; task 0 says which in one line. Pieces and local set files of an earlier run of this
     * name go first, but those of {@code restartTag} (a restart from the local level), or -1.
     */
    public static Protection open(Collective collective, Redundancy asked, String token, ControlClient control,
                                  LocalLevel level, FileModes modes, String host, int restartTag) {
        if (asked.none()) {
            return null;
        }
        PieceStore store = new PieceStore(level, modes);
        PeerServer server = null;
        String address = "";
        String problem = "";
        try {
            removeStale(store, restartTag);
            server = PeerServer.start(token, store, true);
            address = control.localAddress().getHostAddress() + ":" + server.port();
        } catch (IOException | RuntimeException e) {
            problem = "task " + collective.rank() + " on " + host + " cannot take peer connections: " + IoErrors.describe(e);
        }
        String[] all = collective.allGather(host + "\t" + address);
        TaskProblem first = collective.firstProblem(problem);
        NodeRing ring = new NodeRing(IntStream.range(0, all.length).mapToObj(t -> all[t].split("\t", -1)[0]).toArray(String[]::new));
        Redundancy scheme = first == null ? asked.forNodes(ring.nodes()) : Redundancy.NONE;
        if (collective.rank() == 0) {
            System.err.println("jckpt: " + says(asked, scheme, ring, first));
        }
        if (scheme.none()) {
            if (server != null) {
                server.close();
            }
            return null;
        }
        String[] addresses = IntStream.range(0, all.length).mapToObj(t -> all[t].split("\t", -1)[1]).toArray(String[]::new);
        return new Protection(scheme, collective.rank(), new Peers(addresses, ring, token), server, store);
    }

    private static String says(Redundancy asked, Redundancy scheme, NodeRing ring, TaskProblem first) {
        if (first != null) {
            return "--redundancy " + asked.text() + " is off: " + first.text() + "; sets on the node-local level are not protected";
        }
        if (scheme.none()) {
            return "--redundancy " + asked.text() + " needs two nodes, and the job runs on one: sets on the node-local level"
                    + " are not protected";
        }
        String partner = "each node's copies are also kept on the next of the job's " + ring.nodes() + " nodes";
        if (scheme.equals(asked) && scheme.scheme() == Redundancy.Scheme.XOR) {
            int groups = ring.nodes() / scheme.groupSize();
            return "--redundancy " + asked.text() + ": the job's " + ring.nodes() + " nodes in " + groups + " group"
                    + (groups == 1 ? "" : "s") + ", each node's copies rebuildable from the XOR parity the others of its group keep";
        }
        return scheme.equals(asked) ? "--redundancy " + asked.text() + ": " + partner
                : "--redundancy " + asked.text() + " needs " + asked.groupSize() + " nodes, the job has " + ring.nodes()
                + ": partner copies instead (" + partner + ")";
    }

    /** Removes the pieces and local set files of this name, but those of {@code restartTag} and older (-1: all). */
    private static void removeStale(PieceStore store, int restartTag) {
        String name = Pattern.quote(store.local().naming().name());
        Pattern piece = Pattern.compile(name + PIECE + "(\\.part)?");
        store.delete(n -> tagMatches(piece, n, tag -> tag > restartTag) || n.endsWith(".part"));
        forgetSets(store.local().naming(), tag -> tag > restartTag);
    }

    /** Bytes a node holds for its own {@code bytes} of copies, protected. */
    public long withProtection(long bytes) {
        return scheme.withProtection(bytes);
    }

    /**
     * This task's sealed copy {@code file} of set {@code tag}, of checksum {@code sealed}, goes to its
     * partner, or into its group's parity.
     */
    public void protect(Path file, Checksummed sealed, int tag) throws IOException {
        List<Integer> group = groups == null ? List.of() : groups.groupOf(rank);
        if (groups == null) {
            sendCopy(ring.partner(rank), file, sealed);
        } else if (group.isEmpty()) {
            sendCopy(groups.partner().get(rank), file, sealed);
        } else {
            parity.build(group, rank, file, tag);
        }
    }

    private void sendCopy(int partner, Path file, Checksummed sealed) throws IOException {
        peers.sendSealed(partner, file, sealed);
    }

    /** Task 0: the local set file {@code setFile} goes to the lowest task of every other node, as {@code name}. */
    public void shareSetFile(Path setFile, String name) throws IOException {
        for (int task : otherNodesFirstTasks()) {
            peers.send(task, PieceStore.Kind.LEVEL, name, setFile);
        }
    }

    /** The lowest task of every node but this task's: those that keep a node's local set files. */
    private List<Integer> otherNodesFirstTasks() {
        return ring.firstTasks().stream().filter(task -> !ring.host(task).equals(ring.host(rank))).toList();
    }

    /**
     * Task 0: the local set file {@code name} goes from every other node, before the copies it
     * lists: no node may list a set whose copies are going. Says in one line which node kept it.
     */
    public void withdrawSetFile(String name) {
        for (int task : otherNodesFirstTasks()) {
            try {
                peers.deleteSetFile(task, name);
            } catch (IOException e) {
                System.err.println("jckpt: the local set file " + name + " stays on " + ring.host(task) + ": "
                        + IoErrors.describe(e) + "; a restart there finds its copies gone and passes over it");
            }
        }
    }

    /** What the set file records: the scheme, and the host of each task's partner copy or the parity groups. */
    public Map<String, String> recorded() {
        Map<String, String> info = new TreeMap<>();
        info.put("redundancy", scheme.text());
        if (groups == null) {
            info.put("partners", IntStream.range(0, peers.addresses().length).mapToObj(t -> ring.host(ring.partner(t)))
                    .collect(Collectors.joining(",")));
        } else {
            info.put("xor-groups", groups.encode());
        }
        return info;
    }

    /** Set {@code tag} will not commit: a wait for other tasks' parity of it ends now. Any thread. */
    public void abandon(int tag) {
        if (parity != null) {
            parity.abandon(tag);
        }
    }

    /** Set {@code tag} will not be used: the pieces of it kept here, and its local set file on this node, go. */
    public void forget(int tag) {
        forgetWhere(t -> t == tag);
    }

    /** Sets up to {@code tag} are not needed: their pieces and local set files here go. */
    public void retire(int tag) {
        forgetWhere(t -> t <= tag);
        if (parity != null) {
            parity.retire(tag);
        }
    }

    /** The set files first: a node never lists a set whose pieces are going. */
    private void forgetWhere(IntPredicate tags) {
        forgetSets(local, tags);
        Pattern piece = Pattern.compile(Pattern.quote(local.name()) + PIECE);
        store.delete(n -> tagMatches(piece, n, tags));
    }

    /** Deletes the local set files of {@code local} whose tags {@code tags} accepts. */
    private static void forgetSets(SetNaming local, IntPredicate tags) {
        Pattern set = Pattern.compile(Pattern.quote(local.name()) + "\\.(\\d+)(\\.part)?");
        try (Stream<Path> files = Files.list(local.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (tagMatches(set, f.getFileName().toString(), tags)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // Leftovers that the next run of this name removes.
        }
    }

    private static boolean tagMatches(Pattern p, String name, IntPredicate tags) {
        Matcher m = p.matcher(name);
        return m.matches() && tags.test(Integer.parseInt(m.group(1)));
    }

    @Override
    public void close() {
        server.close();
    }
}
