package org.jckpt.engine.app.redundancy;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32C;
import org.jckpt.store.FileTrees;
import org.testng.annotations.Test;

public class ParityFileTest {
    @Test
    public void aSealedParityGivesItsBytesAndAFlippedBitIsFound() throws IOException {
        Path dir = Files.createTempDirectory("jckpt-parity");
        try {
            byte[] bytes = new byte[(1 << 20) + 3];
            new Random(3).nextBytes(bytes);
            Path parity = Files.write(dir.resolve("heat.0.4.xor"), bytes);
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            ParityFile.seal(parity, crc.getValue());
            assertEquals(ParityFile.data(parity), Optional.of(new XorCode.Range(0, bytes.length)));
            byte[] sealed = Files.readAllBytes(parity);
            sealed[bytes.length / 2] ^= 4;
            Files.write(parity, sealed);
            assertTrue(ParityFile.data(parity).isEmpty());
            assertTrue(ParityFile.data(Files.write(dir.resolve("short"), new byte[] {1, 2})).isEmpty());
        } finally {
            FileTrees.delete(dir);
        }
    }
}
