package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.expectThrows;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.store.SetNaming;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

public class PeerServerTest {
    private static final String TOKEN = "s3cret";
    private Path dir;
    private PieceStore store;
    private PeerServer server;
    private Path file;
    private Checksummed sum;

    @BeforeMethod
    public void start() throws IOException {
        dir = Files.createTempDirectory("jckpt-peer");
        Files.createDirectory(dir.resolve("global"));
        LocalLevel level = LocalLevel.open(Files.createDirectory(dir.resolve("local")),
                new SetNaming(dir.resolve("global"), "Heat"), 0, FileModes.OWNER_ONLY);
        store = new PieceStore(level, FileModes.OWNER_ONLY);
        server = PeerServer.start(TOKEN, store, true);
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        file = Files.write(dir.resolve("Heat.1.4"), data);
        sum = Checksums.crcAndSize(file, Progress.NONE);
    }

    @AfterMethod(alwaysRun = true)
    public void stop() throws IOException {
        server.close();
        FileTrees.delete(dir);
    }

    private PeerClient connect(String token) throws IOException {
        return PeerClient.connect("127.0.0.1:" + server.port(), token, "task 1 on here");
    }

    @Test
    public void aPieceArrivesWholeUnderItsName() throws IOException {
        try (PeerClient peer = connect(TOKEN)) {
            peer.send(PieceStore.Kind.PIECE, "Heat.1.4", file);
            peer.send(PieceStore.Kind.LEVEL, "Heat.4", file);
            peer.send(PieceStore.Kind.PIECE, "Heat.1.4.chunk", file, new XorCode.Range(1_000_001, 1 << 20));
        }
        assertEquals(Files.readAllBytes(store.piece("Heat.1.4")), Files.readAllBytes(file));
        assertEquals(Checksums.crcAndSize(store.local().dir().resolve("Heat.4"), Progress.NONE), sum);
        assertEquals(Files.readAllBytes(store.piece("Heat.1.4.chunk")),
                Arrays.copyOfRange(Files.readAllBytes(file), 1_000_001, 1_000_001 + (1 << 20)));
    }

    @Test
    public void aWithdrawnSetFileGoesAndNothingElseCanBeWithdrawn() throws IOException {
        try (PeerClient peer = connect(TOKEN)) {
            peer.send(PieceStore.Kind.LEVEL, "Heat.4", file);
            peer.send(PieceStore.Kind.LEVEL, "Heat.1.4", file);
            peer.deleteSetFile("Heat.4");
            peer.deleteSetFile("Heat.4"); // already gone: done all the same
            IOException e = expectThrows(IOException.class, () -> peer.deleteSetFile("Heat.1.4"));
            assertTrue(e.getMessage().contains("'Heat.1.4' is not a set file of Heat"), e.getMessage());
        }
        assertFalse(Files.exists(store.local().dir().resolve("Heat.4")));
        assertTrue(Files.exists(store.local().dir().resolve("Heat.1.4")));
    }

    @Test
    public void aSealedCopyArrivesWithTheSealsChecksumAndIsRefusedWithAnother() throws IOException {
        try (PeerClient peer = connect(TOKEN)) {
            peer.sendSealed(file, sum);
            IOException e = expectThrows(IOException.class, () -> peer.sendSealed(file, new Checksummed(sum.crc() ^ 1, sum.size())));
            assertTrue(e.getMessage().contains("did not keep Heat.1.4") && e.getMessage().contains("arrived with CRC"),
                    e.getMessage());
        }
        assertFalse(Files.exists(store.piece("Heat.1.4.part")));
        assertEquals(Checksums.crcAndSize(store.piece("Heat.1.4"), Progress.NONE), sum); // the first, whole, kept
    }

    @Test
    public void bytesThatDoNotMatchTheirCrcAreNotKept() throws IOException {
        try (PeerChannel peer = PeerChannel.connect(new InetSocketAddress("127.0.0.1", server.port()), Duration.ofSeconds(5),
                Duration.ofSeconds(30))) {
            Frames.write(peer, PeerServer.HELLO, TOKEN);
            assertEquals(Frames.read(peer)[0], PeerServer.OK);
            Frames.write(peer, PeerServer.PUT, "PIECE", "Heat.1.4", 3);
            peer.writeFully(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            Frames.write(peer, "00000000"); // not the CRC of those bytes: damaged on the way
            String[] answer = Frames.read(peer);
            assertEquals(answer[0], PeerServer.ERROR);
            assertTrue(answer[1].contains("arrived with CRC"), answer[1]);
            // The connection stays usable.
            Frames.write(peer, PeerServer.PUT, "PIECE", "Heat.1.4", 3);
            peer.writeFully(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            CRC32C crc = new CRC32C();
            crc.update(new byte[] {1, 2, 3});
            Frames.write(peer, Checksums.hex(crc.getValue()));
            assertEquals(Frames.read(peer)[0], PeerServer.OK);
        }
        assertEquals(Files.readAllBytes(store.piece("Heat.1.4")), new byte[] {1, 2, 3});
        assertFalse(Files.exists(store.piece("Heat.1.4.part")));
    }

    @Test
    public void namesThatLeaveTheLevelAreRefused() throws IOException {
        try (PeerClient peer = connect(TOKEN)) {
            IOException e = expectThrows(IOException.class, () -> peer.send(PieceStore.Kind.LEVEL, "../Heat.4", file));
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            assertThrows(IOException.class, () -> peer.send(PieceStore.Kind.PIECE, ".pieces", file));
        }
        assertFalse(Files.exists(store.local().dir().resolveSibling("Heat.4")));
    }

    @Test
    public void aPeerThatFallsSilentEndsTheWaitAfterItsSilence() throws IOException {
        try (ServerSocketChannel mute = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             PeerChannel peer = PeerChannel.connect((InetSocketAddress) mute.getLocalAddress(), Duration.ofSeconds(5),
                     Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            SocketTimeoutException e = expectThrows(SocketTimeoutException.class, () -> Frames.read(peer));
            assertTrue(e.getMessage().startsWith("no bytes from "), e.getMessage());
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(300).toNanos(), "ended before its silence");
        }
    }

    @Test
    public void aPeerWithoutTheJobsTokenIsNotServed() {
        IOException e = expectThrows(IOException.class, () -> connect("guess"));
        assertTrue(e.getMessage().contains("cannot reach task 1 on here"), e.getMessage());
    }
}
