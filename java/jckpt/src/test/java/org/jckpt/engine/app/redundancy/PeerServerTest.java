package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.expectThrows;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
        server = PeerServer.start(TOKEN, store);
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
            peer.send(PieceStore.Kind.PIECE, "Heat.1.4", file, sum);
            peer.send(PieceStore.Kind.LEVEL, "Heat.4", file, sum);
        }
        assertEquals(Files.readAllBytes(store.piece("Heat.1.4")), Files.readAllBytes(file));
        assertEquals(Checksums.crcAndSize(store.local().dir().resolve("Heat.4"), Progress.NONE), sum);
    }

    @Test
    public void bytesThatDoNotMatchTheirCrcAreNotKept() throws IOException {
        try (PeerClient peer = connect(TOKEN)) {
            IOException e = expectThrows(IOException.class, () -> peer.send(PieceStore.Kind.PIECE, "Heat.1.4", file,
                    new Checksummed(sum.crc() ^ 1, sum.size())));
            assertTrue(e.getMessage().contains("arrived with CRC"), e.getMessage());
            // The connection stays usable.
            peer.send(PieceStore.Kind.PIECE, "Heat.1.4", file, sum);
        }
        assertTrue(Files.exists(store.piece("Heat.1.4")));
        assertFalse(Files.exists(store.piece("Heat.1.4.part")));
    }

    @Test
    public void namesThatLeaveTheLevelAreRefused() throws IOException {
        try (PeerClient peer = connect(TOKEN)) {
            IOException e = expectThrows(IOException.class, () -> peer.send(PieceStore.Kind.LEVEL, "../Heat.4", file, sum));
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            assertThrows(IOException.class, () -> peer.send(PieceStore.Kind.PIECE, ".pieces", file, sum));
        }
        assertFalse(Files.exists(store.local().dir().resolveSibling("Heat.4")));
    }

    @Test
    public void aPeerWithoutTheJobsTokenIsNotServed() {
        IOException e = expectThrows(IOException.class, () -> connect("guess"));
        assertTrue(e.getMessage().contains("cannot reach task 1 on here"), e.getMessage());
    }
}
