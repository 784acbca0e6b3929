package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksums;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.store.SetNaming;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/** Four tasks on four nodes in one parity group, the fourth node lost: its file decoded over real connections. */
public class XorRebuildTest {
    private static final String TOKEN = "s3cret";
    private static final long[] SIZES = {(3 << 20) + 5, 1 << 20, 17, (2 << 20) - 1};
    private static final int LOST = 3;
    private final XorGroups groups = new XorGroups(List.of(List.of(0, 1, 2, 3)), Map.of());
    private final List<PieceStore> stores = new ArrayList<>();
    private final List<PeerServer> servers = new ArrayList<>();
    private Path dir;
    private CheckpointSet set;
    private byte[] lostBytes;

    @BeforeMethod
    public void nodes() throws IOException {
        dir = Files.createTempDirectory("jckpt-xor-rebuild");
        Files.createDirectory(dir.resolve("global"));
        List<CheckpointSet.FileEntry> files = new ArrayList<>();
        Random random = new Random(11);
        for (int t = 0; t < SIZES.length; t++) {
            LocalLevel level = LocalLevel.open(Files.createDirectory(dir.resolve("n" + t)), new SetNaming(dir.resolve("global"), "Heat"),
                    0, FileModes.OWNER_ONLY);
            stores.add(new PieceStore(level, FileModes.OWNER_ONLY));
            byte[] data = new byte[(int) SIZES[t]];
            random.nextBytes(data);
            Path copy = Files.write(level.dir().resolve("Heat." + t + ".4"), data);
            CheckpointSet.FileEntry entry = new CheckpointSet.FileEntry(Integer.toString(t), copy.getFileName().toString(), SIZES[t],
                    Checksums.crcAndSize(copy, Progress.NONE).crcHex());
            files.add(entry);
        }
        for (int b = 0; b < SIZES.length; b++) {
            List<XorCode.Input> received = new ArrayList<>();
            for (int a = 0; a < SIZES.length; a++) {
                if (a != b) {
                    received.add(new XorCode.Input(copy(a), XorCode.chunk(SIZES[a], SIZES.length, a, b)));
                }
            }
            Path pieces = stores.get(b).modes().createDirectories(stores.get(b).piecesDir());
            Path parity = pieces.resolve("Heat." + b + ".4" + XorParity.PARITY);
            ParityFile.seal(parity, XorCode.combine(received, parity, FileModes.OWNER_ONLY).crc());
        }
        set = new CheckpointSet(4, "app", new CheckpointSet.Program("Heat", List.of(), null, Map.of()), 4,
                List.of("n0", "n1", "n2", "n3"), 4, "now", files, Map.of("xor-groups", groups.encode()));
        lostBytes = Files.readAllBytes(copy(LOST));
        FileTrees.delete(stores.get(LOST).local().dir()); // the node is lost
        for (int t = 0; t < LOST; t++) {
            servers.add(PeerServer.start(TOKEN, stores.get(t), false));
        }
    }

    @AfterMethod(alwaysRun = true)
    public void stop() throws IOException {
        servers.forEach(PeerServer::close);
        servers.clear();
        stores.clear();
        FileTrees.delete(dir);
    }

    private Path copy(int task) {
        return stores.get(task).local().dir().resolve("Heat." + task + ".4");
    }

    /** The nodes left, each as the lowest task of node {@code t} sees them. */
    private List<XorRebuild> rebuilds() {
        String[] peers = new String[LOST];
        for (int t = 0; t < LOST; t++) {
            peers[t] = "n" + t + "\t127.0.0.1:" + servers.get(t).port() + "\tset";
        }
        Map<String, RebuildPlan.Holdings> held = new LinkedHashMap<>();
        for (int t = 0; t < LOST; t++) {
            held.put("n" + t, new RebuildPlan.Holdings(Set.of(t), Set.of(), Set.of(t)));
        }
        RebuildPlan plan = RebuildPlan.of(4, held, groups);
        assertEquals(plan.from(RebuildPlan.Kind.PARITY), List.of(LOST));
        List<XorRebuild> rebuilds = new ArrayList<>();
        for (int t = 0; t < LOST; t++) {
            rebuilds.add(new XorRebuild(set, plan, groups, new RebuildNodes(peers, "n" + t, TOKEN), stores.get(t), "n" + t));
        }
        return rebuilds;
    }

    @Test
    public void theLostFileIsDecodedOnceAndAssembledWhereItIsRead() throws IOException {
        List<XorRebuild> rebuilds = rebuilds();
        for (XorRebuild r : rebuilds) {
            assertEquals(r.sendChunks(Set.of(LOST)), "");
        }
        for (XorRebuild r : rebuilds) {
            assertEquals(r.makeChunks(Set.of(LOST)), "");
        }
        // Nodes 1 and 2 read the lost file; node 0 does not.
        assertEquals(rebuilds.get(0).assemble(Set.of()), "");
        assertEquals(rebuilds.get(1).assemble(Set.of(LOST)), "");
        assertEquals(rebuilds.get(2).assemble(Set.of(LOST)), "");
        assertEquals(Files.readAllBytes(stores.get(1).local().dir().resolve("Heat.3.4")), lostBytes);
        assertEquals(Files.readAllBytes(stores.get(2).local().dir().resolve("Heat.3.4")), lostBytes);
        assertFalse(Files.exists(stores.get(0).local().dir().resolve("Heat.3.4")));
        rebuilds.forEach(XorRebuild::clean);
        for (int t = 0; t < LOST; t++) {
            try (Stream<Path> pieces = Files.list(stores.get(t).piecesDir())) {
                assertEquals(pieces.map(p -> p.getFileName().toString()).toList(), List.of("Heat." + t + ".4" + XorParity.PARITY));
            }
        }
    }

    @Test
    public void aDecodedFileThatIsNotTheSetsIsNotKept() throws IOException {
        try (RandomAccessFile copy = new RandomAccessFile(copy(1).toFile(), "rw")) {
            copy.seek(100);
            int b = copy.read();
            copy.seek(100);
            copy.write(b ^ 4);
        }
        List<XorRebuild> rebuilds = rebuilds();
        rebuilds.forEach(r -> r.sendChunks(Set.of(LOST)));
        rebuilds.forEach(r -> r.makeChunks(Set.of(LOST)));
        String problem = rebuilds.get(2).assemble(Set.of(LOST));
        assertTrue(problem.startsWith("n2 could not decode task 3's file from its group's parity: Heat.3.4 decoded with CRC "), problem);
        assertFalse(Files.exists(stores.get(2).local().dir().resolve("Heat.3.4")));
        assertFalse(Files.exists(stores.get(2).local().dir().resolve("Heat.3.4.part")));
    }
}
