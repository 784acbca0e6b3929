package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.Progress;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class XorCodeTest {
    private Path dir;

    @BeforeMethod
    public void dir() throws IOException {
        dir = Files.createTempDirectory("jckpt-xor");
    }

    @AfterMethod(alwaysRun = true)
    public void remove() throws IOException {
        FileTrees.delete(dir);
    }

    @DataProvider
    public Object[][] groups() {
        return new Object[][] {
            {new long[] {10, 10}},
            {new long[] {0, 1, 2}},
            {new long[] {7, 1000, 3, 999}},
            {new long[] {(3 << 20) + 5, 1 << 20, 17, (2 << 20) - 1, 0}}, // more than a block, and empty
        };
    }

    /** Every member's file comes back, chunk by chunk in file order, from the others' files and parities, whatever the sizes. */
    @Test(dataProvider = "groups")
    public void anyOneMemberIsDecodedFromTheOthersAndTheirParity(long[] sizes) throws IOException {
        int m = sizes.length;
        Random random = new Random(m);
        Path[] files = new Path[m];
        for (int a = 0; a < m; a++) {
            byte[] data = new byte[(int) sizes[a]];
            random.nextBytes(data);
            files[a] = Files.write(dir.resolve("file" + a), data);
        }
        Path[] parities = new Path[m];
        for (int b = 0; b < m; b++) {
            List<XorCode.Input> received = new ArrayList<>();
            for (int a = 0; a < m; a++) {
                if (a != b) {
                    received.add(new XorCode.Input(files[a], XorCode.chunk(sizes[a], m, a, b)));
                }
            }
            parities[b] = dir.resolve("parity" + b);
            Checksummed written = XorCode.combine(received, parities[b], FileModes.OWNER_ONLY);
            assertEquals(written, Checksums.crcAndSize(parities[b], Progress.NONE), "parity " + b + " as written");
            long largest = Arrays.stream(sizes).max().orElseThrow();
            assertEquals(Files.size(parities[b]) <= (largest + m - 2) / (m - 1), true, "parity " + b + " is 1/(m-1) of a file");
        }
        for (int lost = 0; lost < m; lost++) {
            ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
            for (int k = 0; k < m - 1; k++) {
                int holder = XorCode.holderOfChunk(lost, k, m);
                Path chunk = dir.resolve("lost" + lost + "-chunk" + k);
                XorCode.combine(XorCode.lostChunkInputs(lost, holder, sizes, new XorCode.Input(parities[holder],
                        new XorCode.Range(0, size(parities[holder]))), a -> new XorCode.Input(files[a], XorCode.chunk(sizes[a], m, a,
                        holder))), chunk, FileModes.OWNER_ONLY);
                rebuilt.write(Files.readAllBytes(chunk));
            }
            assertEquals(rebuilt.toByteArray(), Files.readAllBytes(files[lost]), "member " + lost + " of " + m);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    public void aMembersChunksCoverItsFileOnceInOrderOfReceivers() {
        long size = 10;
        List<XorCode.Range> chunks = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            chunks.add(XorCode.chunk(size, 4, 1, (1 + 1 + k) % 4));
        }
        assertEquals(chunks, List.of(new XorCode.Range(0, 4), new XorCode.Range(4, 4), new XorCode.Range(8, 2)));
    }

    /** A range that claims more than its file holds ends where the file does: nothing is written past it. */
    @Test
    public void aRangeLongerThanItsFileIsCutAtTheFilesEnd() throws IOException {
        Path a = Files.write(dir.resolve("a"), new byte[] {1, 2, 3});
        Path b = Files.write(dir.resolve("b"), new byte[] {4, 5});
        Path out = dir.resolve("out");
        XorCode.combine(List.of(new XorCode.Input(a, new XorCode.Range(0, Long.MAX_VALUE)),
                new XorCode.Input(b, new XorCode.Range(1, Long.MAX_VALUE))), out, FileModes.OWNER_ONLY);
        assertEquals(Files.readAllBytes(out), new byte[] {1 ^ 5, 2, 3});
    }
}
