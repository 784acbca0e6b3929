package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A whole job SIGKILLed leaves Open MPI's shared-memory segments and session directory; the next
 * {@code jckpt run} on the host removes them and says so, and leaves a running job's alone.
 * (The other hosts of a job: OtherHostsIT.)
 */
public class MpiLeftoversIT {
    static final Pattern REMOVED =
            Pattern.compile("removed \\d+ shared-memory segments? and \\d+ session director(y|ies) left by killed jobs");

    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @Test
    public void theNextRunRemovesWhatAKilledJobLeftAndLeavesALiveJobsFiles() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Running killed = heat(dir, "killed");
        Set<Path> killedSegments = MpiFiles.awaitSegments(processesOf(killed), 4);
        Path killedSession = MpiFiles.sessionDir(processesOf(killed).get());
        Cli.Running live = heat(dir, "live");
        try {
            Set<Path> liveSegments = MpiFiles.awaitSegments(processesOf(live), 4);
            Path liveSession = MpiFiles.sessionDir(processesOf(live).get());
            assertEquals(killedSegments.size(), 4, "segments of a 4-task job: " + killedSegments);
            killed.killWholeJob();
            if (!killedSegments.stream().allMatch(Files::exists)) {
                throw new SkipException("this Open MPI removed its segments of a SIGKILLed job itself: " + killedSegments);
            }
            // Past the age that protects a starting job's files: what keeps the live job's now is that it runs.
            MpiFiles.awaitOlderThanYoung(liveSegments);
            MpiFiles.awaitOlderThanYoung(killedSegments);

            Cli.Result next = Cli.run("run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-file", "pi", "--",
                    "org.jckpt.examples.Pi");
            assertEquals(next.status(), 0, next.toString());
            assertTrue(Pattern.compile("jckpt: " + REMOVED).matcher(next.err()).find(), next.toString());
            killedSegments.forEach(s -> assertFalse(Files.exists(s), s + " is still there"));
            assertFalse(Files.exists(killedSession), killedSession + " is still there");
            liveSegments.forEach(s -> assertTrue(Files.exists(s), s + " of the live job was removed"));
            assertTrue(Files.isDirectory(liveSession), liveSession + " of the live job was removed");
            assertTrue(live.process().isAlive(), live.errText());
        } finally {
            live.killWholeJob();
        }
    }

    private static Cli.Running heat(Path dir, String name) throws Exception {
        Cli.Running job = Cli.start(Map.of(), "run", "-np", "4", "--ckpt-dir", dir.toString(), "--ckpt-file", name, "--",
                "org.jckpt.examples.Heat", "--n", "256", "--iters", "1000000000");
        Jobs.jobId(job);
        return job;
    }

    private static Supplier<List<ProcessHandle>> processesOf(Cli.Running job) {
        return () -> job.process().descendants().toList();
    }
}
