package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.testng.annotations.Test;

public class MpiBenchReportTest {

    private static MpiBenchReport report() {
        MpiFigures f = new MpiFigures();
        f.add("c", Map.of("latency_us", 1.0));
        f.add("jckpt", Map.of("latency_us_direct", 1.2345678));
        f.add("c", Map.of("latency_us", 2.0));
        f.add("jckpt", Map.of("latency_us_direct", 1.6));
        return new MpiBenchReport(f, MpiTarget.of(f.medians()));
    }

    @Test
    public void jsonHoldsTheMediansRoundedThenAboutRunsSpreadAndTargets() throws Exception {
        String text = new ObjectMapper().writeValueAsString(report().json(Map.of("repetitions", 2)));
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals(json.get("c_latency_us").asDouble(), 1.5);
        assertEquals(json.get("jckpt_latency_us_direct").asDouble(), 1.417);
        assertEquals(json.get("repetitions").asInt(), 2);
        assertEquals(json.get("runs").get("jckpt_latency_us_direct").toString(), "[1.235,1.6]");
        assertEquals(json.get("spread_pct").get("c_latency_us").asDouble(), 66.667);
        JsonNode target = json.get("targets").get(0);
        assertEquals(target.get("figure").asText(), "jckpt_latency_us_direct");
        assertEquals(target.get("limit").asDouble(), 1.95);
        assertTrue(target.get("met").asBoolean());
        assertEquals(json.get("targets_met").asText(), "1 of 1");
    }

    @Test
    public void theTableHasARowPerFigureAndATargetsLine() {
        String table = report().table();
        assertTrue(table.matches("(?s).*\nc_latency_us +1\\.500 +1\\.000 +2\\.000 +67 %\n.*"), table);
        assertTrue(table.contains("targets (medians): 1 of 1 met"), table);
        assertTrue(table.matches("(?s).*jckpt_latency_us_direct +1\\.417 +<= 1\\.1 x C \\+ 0\\.3 us +\\(1\\.950\\) +met\n"), table);
    }
}
