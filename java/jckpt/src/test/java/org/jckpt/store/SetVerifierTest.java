package org.jckpt.store;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

public class SetVerifierTest {
    private Path dir;
    private Path setFile;

    @BeforeMethod
    public void commitASetOfTwoFiles() throws Exception {
        dir = Files.createTempDirectory("verify");
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        Files.write(dir.resolve("x.0.5"), data);
        Files.write(dir.resolve("x.1.5"), data);
        Checksummed sum = Checksums.crcAndSize(dir.resolve("x.0.5"), Progress.NONE);
        setFile = dir.resolve("x.5");
        SetFiles.commit(setFile, SetFilesTest.sample(5, List.of(
                new CheckpointSet.FileEntry("0", "x.0.5", sum.size(), sum.crcHex()),
                new CheckpointSet.FileEntry("1", "x.1.5", sum.size(), sum.crcHex()))), FileModes.OWNER_ONLY);
    }

    @Test
    public void anIntactSetVerifies() throws Exception {
        long[] seen = {0};
        assertEquals(SetVerifier.verify(setFile, b -> seen[0] += b).tag(), 5);
        assertEquals(seen[0], 200_000L);
    }

    @Test
    public void aFlippedBitIsFoundAndTheFileNamed() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("x.1.5").toFile(), "rw")) {
            f.seek(5000);
            int b = f.read();
            f.seek(5000);
            f.write(b ^ 0x10);
        }
        String m = expectThrows(SetFileException.class, () -> SetVerifier.verify(setFile, Progress.NONE)).getMessage();
        assertTrue(m.startsWith(dir.resolve("x.1.5") + ": checksum"), m);
    }

    @Test
    public void aTruncatedOrMissingFileIsFound() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("x.0.5").toFile(), "rw")) {
            f.setLength(99_999);
        }
        assertTrue(expectThrows(SetFileException.class, () -> SetVerifier.verify(setFile, Progress.NONE))
                .getMessage().contains("x.0.5: size 99999 bytes"));
        Files.delete(dir.resolve("x.0.5"));
        assertTrue(expectThrows(SetFileException.class, () -> SetVerifier.verify(setFile, Progress.NONE))
                .getMessage().contains("x.0.5: task file is missing"));
    }
}
