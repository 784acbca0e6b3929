package org.jckpt.engine.app.taskfile.codec;

import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class CodecFiguresTest {

    @Test
    public void aFieldOfMostlyZerosCompressesManyTimesAtSomeSpeed() {
        double[] field = new double[300_000];
        for (int i = 0; i < 20_000; i++) {
            field[i] = 1.0 / (1 + i);
        }
        CodecFigures f = CodecFigures.measure(field);
        assertTrue(f.zstdRatio() > 10 && f.lz4Ratio() > 10, f.toString());
        assertTrue(f.zstdMbps() > 1 && Double.isFinite(f.zstdMbps()) && f.lz4Mbps() > 1 && Double.isFinite(f.lz4Mbps()),
                f.toString());
    }
}
