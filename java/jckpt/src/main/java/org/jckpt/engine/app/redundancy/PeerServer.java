package org.jckpt.engine.app.redundancy;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.zip.CRC32C;
import org.jckpt.store.Checksums;
import org.jckpt.store.Durable;
import org.jckpt.store.IoErrors;
import org.jckpt.system.DaemonThreads;
import org.jckpt.system.GentleIo;

/**
 * A task's end of jckpt's connections between tasks: it takes the pieces other tasks send it for
 * safekeeping (a partner copy, a share of parity, a local set file) into its node-local level, and
 * gives the files of its level to a restart that rebuilds a set; a local set file goes when task 0
 * withdraws it. A
 * peer shows the job's token first; every file arrives whole under a temporary name, checksummed
 * on the way, and takes its name only when its CRC is the one the sender announced. Never the
 * program's MPI: these threads run at the flush's low priority and outlive no job.
 */
public final class PeerServer implements AutoCloseable {
    static final String HELLO = "JCKPT-PEER-1";
    static final String OK = "OK";
    static final String ERROR = "ERROR";
    static final String GET = "GET";
    static final String PUT = "PUT";
    static final String DELETE = "DELETE";
    /** A silent peer is taken for gone after this long; a piece's bytes flow without pause. */
    static final Duration SILENCE = Duration.ofMinutes(2);
    private static final int BACKGROUND_NICE = 19;

    private final ServerSocketChannel socket;
    private final byte[] token;
    private final PieceStore store;
    private final boolean background;

    private PeerServer(ServerSocketChannel socket, String token, PieceStore store, boolean background) {
        this.socket = socket;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.store = store;
        this.background = background;
    }

    /**
     * Listens on every address, on a port of the system's choice, for the job holding {@code token};
     * {@code background}: serves at the flush's low priority, as while the program computes, else at
     * the program's own, as for a restart that waits for the files.
     */
    public static PeerServer start(String token, PieceStore store, boolean background) throws IOException {
        ServerSocketChannel socket = ServerSocketChannel.open().bind(new InetSocketAddress(0), 64);
        PeerServer server = new PeerServer(socket, token, store, background);
        DaemonThreads.start("jckpt-peer-accept", server::acceptLoop);
        return server;
    }

    public int port() {
        return socket.socket().getLocalPort();
    }

    private void acceptLoop() {
        while (socket.isOpen()) {
            try {
                SocketChannel peer = socket.accept();
                DaemonThreads.named("jckpt-peer", background ? Thread.MIN_PRIORITY : Thread.NORM_PRIORITY)
                        .newThread(() -> serve(peer)).start();
            } catch (IOException e) {
                return; // Closed at the job's end.
            }
        }
    }

    private void serve(SocketChannel accepted) {
        if (background) {
            GentleIo.system().setThreadNice(BACKGROUND_NICE);
        }
        SocketAddress from = null;
        try (PeerChannel peer = PeerChannel.accepted(accepted, SILENCE)) {
            from = peer.remote();
            String[] hello = Frames.read(peer);
            if (hello.length != 2 || !hello[0].equals(HELLO)
                    || !MessageDigest.isEqual(hello[1].getBytes(StandardCharsets.UTF_8), token)) {
                return; // Not this job's: no answer at all.
            }
            Frames.write(peer, OK);
            for (;;) {
                String[] request = Frames.read(peer);
                if (request.length == 3 && request[0].equals(GET)) {
                    give(peer, request);
                } else if (request.length == 4 && request[0].equals(PUT)) {
                    String problem = receive(peer, request);
                    Frames.write(peer, problem.isEmpty() ? OK : ERROR, problem);
                } else if (request.length == 2 && request[0].equals(DELETE)) {
                    String problem = withdraw(request[1]);
                    Frames.write(peer, problem.isEmpty() ? OK : ERROR, problem);
                } else {
                    throw new IOException("a malformed request from a peer: " + String.join(" ", request));
                }
            }
        } catch (EOFException end) {
            // The peer is done.
        } catch (IOException | RuntimeException e) {
            System.err.println("jckpt: a connection from task peer " + from + " failed: " + IoErrors.describe(e));
        }
    }

    /**
     * GET, kind, name: the file's size, its bytes and their CRC-32C, or an error when it is not here.
     */
    private void give(PeerChannel out, String[] get) throws IOException {
        Path file;
        long size;
        try {
            file = store.existing(PieceStore.Kind.valueOf(get[1]), get[2]);
            size = Files.size(file);
        } catch (IllegalArgumentException | IOException e) {
            Frames.write(out, ERROR, IoErrors.describe(e));
            return;
        }
        Frames.write(out, OK, size);
        CRC32C sum = new CRC32C();
        Transfers.send(file, new XorCode.Range(0, size), out, sum);
        Frames.write(out, Checksums.hex(sum.getValue()));
    }

    /**
     * PUT, kind, name and size; the bytes and their CRC-32C follow. Returns why the file was not
     * stored, or empty; an {@link IOException} means the connection is no longer usable.
     */
    private String receive(PeerChannel in, String[] put) throws IOException {
        long size = Long.parseLong(put[3]);
        Path target;
        try {
            target = store.target(PieceStore.Kind.valueOf(put[1]), put[2]);
        } catch (IllegalArgumentException | IOException e) {
            in.skip(size);
            Frames.read(in);
            return IoErrors.describe(e);
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        CRC32C sum = new CRC32C();
        IOException unwritten = Transfers.receive(in, size, part, store.modes(), sum);
        String sent = Frames.read(in)[0];
        if (unwritten != null || !sent.equals(Checksums.hex(sum.getValue()))) {
            Files.deleteIfExists(part);
            return unwritten != null ? "could not store " + put[2] + ": " + IoErrors.describe(unwritten)
                    : "the bytes of " + put[2] + " arrived with CRC " + Checksums.hex(sum.getValue()) + ", not " + sent;
        }
        Durable.rename(part, target);
        return "";
    }

    /** DELETE, name: the local set file {@code name} goes from this node; returns why not, or empty. */
    private String withdraw(String name) {
        try {
            store.deleteSetFile(name);
            return "";
        } catch (IllegalArgumentException | IOException e) {
            return IoErrors.describe(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a listening socket: nothing is lost.
        }
    }
}
