package org.jckpt.cli;

import static org.testng.Assert.assertEquals;

import java.util.SplittableRandom;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** The examples on real mpirun give the serial reference's checksum for 1, 2 and 4 ranks. */
public class ExamplesIT {

    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @DataProvider
    public Object[][] ranks() {
        return new Object[][] {{1}, {2}, {4}};
    }

    @Test(dataProvider = "ranks")
    public void heatMatchesTheSerialReference(int ranks) throws Exception {
        Cli.Result r = Cli.run("run", "-np", Integer.toString(ranks), "--ckpt-dir", "/tmp", "--",
                "org.jckpt.examples.Heat", "--n", "256", "--iters", "500");
        assertEquals(r.status(), 0, r.toString());
        assertEquals(r.lastLine(), HeatReference.checksum(256, 500), r.toString());
    }

    @Test(dataProvider = "ranks")
    public void piMatchesTheSerialReference(int ranks) throws Exception {
        Cli.Result r = Cli.run("run", "-np", Integer.toString(ranks), "--ckpt-dir", "/tmp", "--",
                "org.jckpt.examples.Pi", "--samples", "3000000", "--block", "100000", "--seed", "5");
        assertEquals(r.status(), 0, r.toString());
        assertEquals(r.lastLine(), "checksum " + serialPiHits(3_000_000, 100_000, 5), r.toString());
    }

    /** Pi's definition, serially: block b draws from SplittableRandom(seed * golden + b). */
    private static long serialPiHits(long samples, long block, long seed) {
        long hits = 0;
        for (long b = 0; b * block < samples; b++) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + b);
            for (long i = 0; i < Math.min(block, samples - b * block); i++) {
                double x = random.nextDouble();
                double y = random.nextDouble();
                if (x * x + y * y <= 1.0) {
                    hits++;
                }
            }
        }
        return hits;
    }
}
