package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

public class MpiTargetTest {

    private static Map<String, Double> medians(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        }
        return m;
    }

    private static MpiTarget only(List<MpiTarget> targets, String figure, String rule) {
        return targets.stream().filter(t -> t.figure().equals(figure) && t.rule().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    public void latencyLimitsAreAFactorOfCsPlusAConstant() {
        List<MpiTarget> t = MpiTarget.of(medians("c_latency_us", 1.0, "jckpt_latency_us_direct", 1.4, "jckpt_latency_us_array", 1.71));
        MpiTarget direct = only(t, "jckpt_latency_us_direct", "<= 1.1 x C + 0.3 us");
        assertEquals(direct.limit(), 1.4, 1e-9);
        assertTrue(direct.met(), "at the limit is met");
        MpiTarget array = only(t, "jckpt_latency_us_array", "<= 1.2 x C + 0.5 us");
        assertEquals(array.limit(), 1.7, 1e-9);
        assertFalse(array.met());
        assertEquals(t.size(), 2);
    }

    @Test
    public void bandwidthMustReachNineTenthsOfCs() {
        List<MpiTarget> t = MpiTarget.of(medians("c_bw_mbps_16m", 1000, "jckpt_bw_mbps_16m_direct", 900, "jckpt_bw_mbps_16m_array", 899));
        assertTrue(only(t, "jckpt_bw_mbps_16m_direct", ">= 0.9 x C").met());
        assertFalse(only(t, "jckpt_bw_mbps_16m_array", ">= 0.9 x C").met());
    }

    @Test
    public void noFigureMoreThanFivePercentWorseThanOpenMpisBindings() {
        List<MpiTarget> t = MpiTarget.of(medians("jckpt_allreduce_us_8m_array", 106, "openmpi_allreduce_us_8m_array", 100,
                "jckpt_bw_mbps_1m_direct", 95, "openmpi_bw_mbps_1m_direct", 100));
        MpiTarget time = only(t, "jckpt_allreduce_us_8m_array", "<= 1.05 x Open MPI's");
        assertEquals(time.limit(), 105, 1e-9);
        assertFalse(time.met());
        assertTrue(only(t, "jckpt_bw_mbps_1m_direct", ">= 0.95 x Open MPI's").met());
        assertEquals(t.size(), 2);
    }

    @Test
    public void withoutOpenMpisBindingOrCsFiguresThoseTargetsAreLeftOut() {
        assertTrue(MpiTarget.of(medians("jckpt_latency_us_direct", 1, "jckpt_bw_mbps_16m_array", 1)).isEmpty());
    }
}
