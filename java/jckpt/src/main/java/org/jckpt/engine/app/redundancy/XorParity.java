package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jckpt.store.Durable;
import org.jckpt.store.SetNaming;

/**
 * One task's part in its parity group's XOR ({@link XorCode}): it sends each other member the chunk
 * of its sealed copy that member folds into its parity, waits for the chunks the others send it,
 * and keeps their XOR as its parity, beside the partner copies of its node. The members run this for
 * a set in the same order of sets, each sending before it waits, so no two wait on each other; a
 * set abandoned meanwhile ends the wait at once, and a member that never sends ends it after
 * {@link #SILENCE}.
 */
final class XorParity {
    static final String CHUNK = ".chunk";
    static final String PARITY = ".xor";
    /** The longest wait for the chunks of the other members of a group. */
    private static final Duration SILENCE = Duration.ofMinutes(5);
    private static final long POLL_MS = 20;

    private final PieceStore store;
    private final SetNaming local;
    private final Peers peers;
    private final Set<Integer> abandoned = new ConcurrentSkipListSet<>();

    XorParity(PieceStore store, Peers peers) {
        this.store = store;
        this.local = store.local().naming();
        this.peers = peers;
    }

    /** Task {@code rank} of {@code group}: makes its parity of set {@code tag}, whose copy here is {@code file}. */
    void build(List<Integer> group, int rank, Path file, int tag) throws IOException {
        int me = group.indexOf(rank);
        long size = Files.size(file);
        for (int b = 0; b < group.size(); b++) {
            if (b != me) {
                peers.send(group.get(b), PieceStore.Kind.PIECE, name(rank, tag) + CHUNK, file,
                        XorCode.chunk(size, group.size(), me, b));
            }
        }
        List<XorCode.Input> chunks = new ArrayList<>();
        for (int task : group) {
            if (task != rank) {
                Path chunk = await(task, tag);
                chunks.add(new XorCode.Input(chunk, new XorCode.Range(0, Files.size(chunk))));
            }
        }
        Path parity = store.piece(name(rank, tag) + PARITY);
        Path part = parity.resolveSibling(parity.getFileName() + ".part");
        ParityFile.seal(part, XorCode.combine(chunks, part, store.modes()).crc());
        Durable.rename(part, parity);
        for (XorCode.Input c : chunks) {
            Files.deleteIfExists(c.file());
        }
    }

    /** The chunk {@code task} sent of set {@code tag}, once it is here whole. */
    private Path await(int task, int tag) throws IOException {
        Path chunk = store.piece(name(task, tag) + CHUNK);
        long end = System.nanoTime() + SILENCE.toNanos();
        while (!Files.isRegularFile(chunk, LinkOption.NOFOLLOW_LINKS)) {
            if (abandoned.contains(tag)) {
                throw new IOException("set " + tag + " was abandoned before " + peers.name(task) + " sent its share of parity");
            }
            if (System.nanoTime() > end) {
                throw new IOException(peers.name(task) + " sent no share of parity for set " + tag + " in " + SILENCE.toMinutes()
                        + " minutes");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + peers.name(task) + "'s share of parity");
            }
        }
        return chunk;
    }

    /** Set {@code tag} will not commit: a wait for its chunks ends now. */
    void abandon(int tag) {
        abandoned.add(tag);
    }

    /** Sets up to {@code tag} are done with: no need to remember them. */
    void retire(int tag) {
        abandoned.removeIf(t -> t <= tag);
    }

    private String name(int task, int tag) {
        return local.taskFile(task, tag).getFileName().toString();
    }
}
