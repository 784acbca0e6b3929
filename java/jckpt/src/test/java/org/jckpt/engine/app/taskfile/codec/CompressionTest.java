package org.jckpt.engine.app.taskfile.codec;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class CompressionTest {

    @Test
    public void everyCompressionReadsBackFromItsText() {
        assertEquals(Compression.parse("none"), Compression.NONE);
        assertEquals(Compression.parse("LZ4"), Compression.LZ4);
        assertEquals(Compression.parse("zstd"), Compression.zstd(1));
        assertEquals(Compression.parse(" zstd:19 "), Compression.zstd(19));
        for (Compression c : new Compression[] {Compression.NONE, Compression.LZ4, Compression.zstd(1), Compression.zstd(22)}) {
            assertEquals(Compression.parse(c.toString()), c, c.toString());
        }
        assertEquals(Compression.zstd(3).toString(), "zstd:3");
    }

    @DataProvider
    public static Object[][] bad() {
        return new Object[][] {{"gzip"}, {""}, {"zstd:"}, {"zstd:0"}, {"zstd:23"}, {"zstd:-1"}, {"zstd:fast"}, {"lz4:1"},
                {"none:1"}, {"zstd:99999999999"}};
    }

    @Test(dataProvider = "bad")
    public void badTextIsOneLineSayingWhatIsExpected(String text) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Compression.parse(text));
        assertEquals(e.getMessage(), "compression '" + text + "': expected none, lz4, zstd or zstd:LEVEL with LEVEL 1 to 22");
    }
}
