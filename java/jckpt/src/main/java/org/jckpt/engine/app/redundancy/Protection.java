package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.jckpt.engine.app.taskfile.WrittenFile;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.FileModes;
import org.jckpt.store.IoErrors;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.store.Redundancy;
import org.jckpt.store.SetNaming;

/**
 * One task's part in protecting the sets of the node-local level against the loss of a node
 * ({@code --redundancy partner}): after its copy is checksummed, the task sends it to its partner
 * on the next node ({@link NodeRing}), over jckpt's own connection ({@link PeerServer}); it keeps
 * the copies its own partners send it; and task 0 gives every node the local set file, so that a
 * node that survives its neighbour can tell what it holds. A set is committed on the local level
 * only once every copy has its partner copy. Pieces go when their set goes: the flush's orders
 * (drop, abandon, retire) reach every task.
 */
public final class Protection implements AutoCloseable {
    private final Redundancy scheme;
    private final int rank;
    private final NodeRing ring;
    private final String[] addresses;
    private final String token;
    private final PeerServer server;
    private final PieceStore store;
    private final SetNaming local;

    private Protection(Redundancy scheme, int rank, NodeRing ring, String[] addresses, String token, PeerServer server,
                       PieceStore store) {
        this.scheme = scheme;
        this.rank = rank;
        this.ring = ring;
        this.addresses = addresses;
        this.token = token;
        this.server = server;
        this.store = store;
        this.local = store.local().naming();
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
            server = PeerServer.start(token, store);
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
        return new Protection(scheme, collective.rank(), ring, addresses, token, server, store);
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
        return scheme.equals(asked) ? "--redundancy " + asked.text() + ": " + partner
                : "--redundancy " + asked.text() + " needs " + asked.groupSize() + " nodes, the job has " + ring.nodes()
                + ": partner copies instead (" + partner + ")";
    }

    /** Removes the pieces and local set files of this name, but those of {@code restartTag} and older (-1: all). */
    private static void removeStale(PieceStore store, int restartTag) {
        String name = Pattern.quote(store.local().naming().name());
        Pattern piece = Pattern.compile(name + "\\.\\d+\\.(\\d+)(\\.part)?");
        store.delete(n -> tagMatches(piece, n, tag -> tag > restartTag) || n.endsWith(".part"));
        forgetSets(store.local().naming(), tag -> tag > restartTag);
    }

    /** Bytes a node holds for its own {@code bytes} of copies, protected. */
    public long withProtection(long bytes) {
        return scheme.withProtection(bytes);
    }

    /** This task's sealed copy {@code file} of set {@code tag}, as {@code written}, goes to its partner. */
    public void protect(Path file, WrittenFile written) throws IOException {
        int partner = ring.partner(rank);
        try (PeerClient peer = PeerClient.connect(addresses[partner], token, peerName(partner))) {
            peer.send(PieceStore.Kind.PIECE, written.file(), file, written.sum());
        }
    }

    /** Task 0: the local set file {@code setFile} goes to the lowest task of every other node, as {@code name}. */
    public void shareSetFile(Path setFile, String name) throws IOException {
        Checksummed sum = Checksums.crcAndSize(setFile, Progress.NONE);
        for (int task : ring.firstTasks()) {
            if (!ring.host(task).equals(ring.host(rank))) {
                try (PeerClient peer = PeerClient.connect(addresses[task], token, peerName(task))) {
                    peer.send(PieceStore.Kind.LEVEL, name, setFile, sum);
                }
            }
        }
    }

    private String peerName(int task) {
        return "task " + task + " on " + ring.host(task);
    }

    /** What the set file records: the scheme and the host of each task's partner copy. */
    public Map<String, String> recorded() {
        Map<String, String> info = new TreeMap<>();
        info.put("redundancy", scheme.text());
        info.put("partners", IntStream.range(0, addresses.length).mapToObj(t -> ring.host(ring.partner(t)))
                .collect(Collectors.joining(",")));
        return info;
    }

    /** Set {@code tag} will not be used: the pieces of it kept here, and its local set file on this node, go. */
    public void forget(int tag) {
        forgetWhere(t -> t == tag);
    }

    /** Sets up to {@code tag} are not needed: their pieces and local set files here go. */
    public void retire(int tag) {
        forgetWhere(t -> t <= tag);
    }

    /** The set files first: a node never lists a set whose pieces are going. */
    private void forgetWhere(IntPredicate tags) {
        forgetSets(local, tags);
        Pattern piece = Pattern.compile(Pattern.quote(local.name()) + "\\.\\d+\\.(\\d+)");
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
