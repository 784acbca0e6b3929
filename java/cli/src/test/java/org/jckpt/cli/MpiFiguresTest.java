package org.jckpt.cli;

import static org.testng.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

public class MpiFiguresTest {

    private static MpiFigures threeRuns() {
        MpiFigures f = new MpiFigures();
        for (double latency : new double[] {1.0, 3.0, 2.0}) {
            f.add("c", Map.of("latency_us", latency));
        }
        return f;
    }

    @Test
    public void theMedianOfAnOddNumberOfRunsIsTheMiddleOne() {
        assertEquals(threeRuns().median("c_latency_us"), 2.0);
    }

    @Test
    public void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        MpiFigures f = threeRuns();
        f.add("c", Map.of("latency_us", 10.0));
        assertEquals(f.median("c_latency_us"), 2.5);
    }

    @Test
    public void theSpreadIsTheRangeOfSingleRunsOverTheMedian() {
        MpiFigures f = threeRuns();
        assertEquals(f.min("c_latency_us"), 1.0);
        assertEquals(f.max("c_latency_us"), 3.0);
        assertEquals(f.spreadPercent("c_latency_us"), 100.0);
        assertEquals(f.runs("c_latency_us"), List.of(1.0, 3.0, 2.0));
    }

    @Test
    public void namesAreGroupedByWhatTheyMeasureInTheOrderFirstRun() {
        MpiFigures f = new MpiFigures();
        f.add("c", Map.of("latency_us", 1.0));
        f.add("c", Map.of("bw_mbps_16m", 1.0));
        f.add("jckpt", Map.of("latency_us_array", 1.0));
        f.add("jckpt", Map.of("bw_mbps_16m_direct", 1.0));
        assertEquals(f.names(), List.of("c_latency_us", "jckpt_latency_us_array", "c_bw_mbps_16m", "jckpt_bw_mbps_16m_direct"));
        assertEquals(f.medians().keySet().stream().toList(), f.names());
    }

    @Test
    public void aFigureMeasuresTheSameWhateverBindingAndBuffer() {
        assertEquals(MpiFigures.measure("c_bw_mbps_1m"), "bw_mbps_1m");
        assertEquals(MpiFigures.measure("openmpi_bw_mbps_1m_direct"), "bw_mbps_1m");
        assertEquals(MpiFigures.measure("jckpt_allreduce_us_8m_array"), "allreduce_us_8m");
    }

    @Test
    public void aRunsFiguresAreItsNameValueLinesWhateverMpiPrintsBetween() {
        String output = "latency_us 0.822\n[host:123] some MPI warning 12\nbw_mbps_16m 735.420\n  \n";
        assertEquals(MpiBenchJobs.figures(output), Map.of("latency_us", 0.822, "bw_mbps_16m", 735.42));
    }
}
