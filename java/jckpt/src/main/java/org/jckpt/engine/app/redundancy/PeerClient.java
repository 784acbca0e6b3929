package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32C;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;

/**
 * A connection to another task's {@link PeerServer}, opened for the files of one checkpoint and
 * closed after them. Every wait on the peer is bounded ({@link PeerServer#SILENCE}).
 */
final class PeerClient implements AutoCloseable {
    private static final Duration CONNECT = Duration.ofSeconds(30);

    private final PeerChannel channel;
    private final String peer;

    private PeerClient(PeerChannel channel, String peer) {
        this.channel = channel;
        this.peer = peer;
    }

    /** Connects to {@code address} ("host:port") and shows {@code token}; {@code peer} names it in errors. */
    static PeerClient connect(String address, String token, String peer) throws IOException {
        int colon = address.lastIndexOf(':');
        PeerChannel channel = null;
        try {
            channel = PeerChannel.connect(new InetSocketAddress(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))), CONNECT, PeerServer.SILENCE);
            Frames.write(channel, PeerServer.HELLO, token);
            String[] answer = Frames.read(channel);
            if (!answer[0].equals(PeerServer.OK)) {
                throw new IOException(peer + " at " + address + " refused the job's token");
            }
            return new PeerClient(channel, peer);
        } catch (IOException e) {
            if (channel != null) {
                channel.close();
            }
            throw new IOException("cannot reach " + peer + " at " + address + ": " + e.getMessage(), e);
        }
    }

    /** Sends {@code range} of {@code file} for the peer to keep as {@code kind} {@code name}; its CRC follows the bytes. */
    void send(PieceStore.Kind kind, String name, Path file, XorCode.Range range) throws IOException {
        Frames.write(channel, PeerServer.PUT, kind.name(), name, range.length());
        CRC32C sum = new CRC32C();
        Transfers.send(file, range, channel, sum);
        Frames.write(channel, Checksums.hex(sum.getValue()));
        answered("keep " + name);
    }

    /** Asks the peer to delete its local set file {@code name}. */
    void deleteSetFile(String name) throws IOException {
        Frames.write(channel, PeerServer.DELETE, name);
        answered("delete " + name);
    }

    /** The peer's answer to a request: done, or the exception says it did not {@code what} and why. */
    private void answered(String what) throws IOException {
        String[] answer = Frames.read(channel);
        if (!answer[0].equals(PeerServer.OK)) {
            throw new IOException(peer + " did not " + what + ": " + (answer.length > 1 ? answer[1] : "no reason given"));
        }
    }

    /** Sends the whole of sealed copy {@code file} as a partner copy; its checksum {@code sealed} follows the bytes. */
    void sendSealed(Path file, Checksummed sealed) throws IOException {
        Frames.write(channel, PeerServer.PUT, PieceStore.Kind.PIECE.name(), file.getFileName().toString(), sealed.size());
        Transfers.sendWhole(file, sealed.size(), channel);
        Frames.write(channel, sealed.crcHex());
        answered("keep " + file.getFileName());
    }

    /** Sends the whole of {@code file}. */
    void send(PieceStore.Kind kind, String name, Path file) throws IOException {
        send(kind, name, file, new XorCode.Range(0, Files.size(file)));
    }

    /**
     * Fetches the peer's file {@code kind} {@code name} into {@code target}, which it takes only
     * once whole and as the peer checksummed it; returns its size and CRC.
     */
    Checksummed fetch(PieceStore.Kind kind, String name, Path target, FileModes modes) throws IOException {
        long size = ask(kind, name);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        CRC32C sum = new CRC32C();
        try {
            received(name, sum, Transfers.receive(channel, size, part, modes, sum));
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Durable.rename(part, target);
        return new Checksummed(sum.getValue(), size);
    }

    /** Appends the peer's file {@code kind} {@code name} to {@code out}, as the peer checksummed it; returns its size. */
    long fetchInto(PieceStore.Kind kind, String name, FileChannel out) throws IOException {
        long size = ask(kind, name);
        CRC32C sum = new CRC32C();
        received(name, sum, Transfers.receive(channel, size, out, sum));
        return size;
    }

    /** GET {@code kind} {@code name}: the size the peer announces. */
    private long ask(PieceStore.Kind kind, String name) throws IOException {
        Frames.write(channel, PeerServer.GET, kind.name(), name);
        String[] answer = Frames.read(channel);
        if (!answer[0].equals(PeerServer.OK)) {
            throw new IOException(peer + " has no " + name + ": " + (answer.length > 1 ? answer[1] : "no reason given"));
        }
        return Long.parseLong(answer[1]);
    }

    /** Reads the CRC the peer sent after {@code name}'s bytes; fails unless they were written ({@code unwritten} null) and match it. */
    private void received(String name, CRC32C sum, IOException unwritten) throws IOException {
        String sent = Frames.read(channel)[0];
        if (unwritten != null) {
            throw unwritten;
        }
        if (!sent.equals(Checksums.hex(sum.getValue()))) {
            throw new IOException(name + " from " + peer + " arrived with CRC " + Checksums.hex(sum.getValue()) + ", not " + sent);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
