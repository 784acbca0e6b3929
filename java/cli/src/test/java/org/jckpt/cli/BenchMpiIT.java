package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jckpt.launch.LaunchException;
import org.jckpt.launch.OpenMpi;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** {@code jckpt bench-mpi --json --quick --reps 2}: every figure of every binding, measured, in its JSON and table. */
public class BenchMpiIT {
    private static final int REPS = 2;
    private static final List<String> MEASURES = List.of("latency_us", "bw_mbps_1m", "bw_mbps_16m", "allreduce_us_8b",
            "allreduce_us_8m");

    private Cli.Result bench;
    private JsonNode json;

    @BeforeClass
    public void runBenchMpi() throws Exception {
        Cli.requireOpenMpi();
        for (String built : List.of("build/native/libjckpt_mpi.so", "build/native/jckpt_mpi_bench", "java/mpi/target/jckpt-mpi.jar")) {
            if (!Files.isRegularFile(Cli.HOME.resolve(built))) {
                throw new SkipException("jckpt's MPI binding or benchmark is not built: no " + Cli.HOME.resolve(built)
                        + " (mvn package; cmake --build build/native)");
            }
        }
        try {
            OpenMpi.locate(System.getenv(), Cli.HOME);
        } catch (LaunchException e) {
            throw new SkipException("Open MPI's own Java binding (mpi.jar, libmpi_java.so) is not here: " + e.getMessage());
        }
        bench = Cli.run("bench-mpi", "--json", "--quick", "--reps", Integer.toString(REPS));
        assertEquals(bench.status(), 0, bench.toString());
        json = new ObjectMapper().readTree(bench.out());
    }

    /** c_latency_us, ..., then jckpt_ and openmpi_ each with _array and _direct. */
    private static List<String> figures() {
        List<String> names = new ArrayList<>();
        for (String measure : MEASURES) {
            names.add("c_" + measure);
            for (String binding : List.of("jckpt_", "openmpi_")) {
                names.add(binding + measure + "_array");
                names.add(binding + measure + "_direct");
            }
        }
        return names;
    }

    @Test
    public void everyFigureIsAPositiveMedianOfEveryRun() {
        for (String name : figures()) {
            JsonNode median = json.get(name);
            assertTrue(median != null && median.isNumber() && median.asDouble() > 0, name + " in " + json);
            assertEquals(json.get("runs").get(name).size(), REPS, name + " in " + json);
            assertTrue(json.get("spread_pct").get(name).asDouble() >= 0, name + " in " + json);
        }
        assertEquals(json.get("repetitions").asInt(), REPS);
        assertTrue(json.get("load_average_before").asText().matches("[0-9.]+ [0-9.]+ [0-9.]+"), json.toString());
    }

    @Test
    public void everyTargetIsCheckedAgainstCAndOpenMpisBinding() {
        // 2 latency and 2 bandwidth targets against C; each of jckpt's 10 figures against Open MPI's binding's.
        assertEquals(json.get("targets").size(), 14, json.toString());
        for (JsonNode target : json.get("targets")) {
            assertTrue(target.get("limit").asDouble() > 0 && target.get("met").isBoolean(), target.toString());
        }
        assertTrue(bench.err().contains("targets (medians): " + json.get("targets_met").asText() + " met"), bench.err());
    }

    @Test
    public void theTableForPeopleGoesToStderrWithEveryFigure() {
        for (String name : figures()) {
            assertTrue(bench.err().lines().anyMatch(l -> l.matches(name + " +[0-9.]+ +[0-9.]+ +[0-9.]+ +\\d+ %")), name + ": " + bench.err());
        }
        assertTrue(json.get("mpi").asText().startsWith("Open MPI "), json.toString());
    }
}
