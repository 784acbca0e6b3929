package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.launch.MpiLeftovers;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A whole job SIGKILLed leaves Open MPI's shared-memory segments and session directory; the next
 * {@code jckpt run} on the host removes them and says so, and leaves a running job's alone.
 */
public class MpiLeftoversIT {
    private static final Pattern SEGMENT = Pattern.compile("(?:vader|sm)_segment\\..+");
    private static final Pattern REMOVED =
            Pattern.compile("jckpt: removed \\d+ shared-memory segments? and \\d+ session director(y|ies) left by killed jobs");
    private static final Path SHM = Path.of("/dev/shm");
    private static final Path TMP = Path.of("/tmp");

    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
    }

    @Test
    public void theNextRunRemovesWhatAKilledJobLeftAndLeavesALiveJobsFiles() throws Exception {
        Path dir = Files.createTempDirectory("ckpt");
        Cli.Running killed = heat(dir, "killed");
        Set<Path> killedSegments = segments(killed);
        Path killedSession = sessionDir(killed);
        Cli.Running live = heat(dir, "live");
        try {
            Set<Path> liveSegments = segments(live);
            Path liveSession = sessionDir(live);
            killed.killWholeJob();
            if (!killedSegments.stream().allMatch(Files::exists)) {
                throw new SkipException("this Open MPI removed its segments of a SIGKILLed job itself: " + killedSegments);
            }
            // Past the age that protects a starting job's files: what keeps the live job's now is that it runs.
            awaitOlderThanYoung(liveSegments);
            awaitOlderThanYoung(killedSegments);

            Cli.Result next = Cli.run("run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-file", "pi", "--",
                    "org.jckpt.examples.Pi");
            assertEquals(next.status(), 0, next.toString());
            assertTrue(REMOVED.matcher(next.err()).find(), next.toString());
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

    /** The job's segments in /dev/shm, once its four tasks have mapped theirs; skips when Open MPI makes none. */
    private static Set<Path> segments(Cli.Running job) throws Exception {
        Set<Path> found = Set.of();
        for (long end = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < end && found.size() < 4; ) {
            found = usedFiles(job, SHM).filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches())
                    .collect(HashSet::new, Set::add, Set::addAll);
            Thread.sleep(200);
        }
        if (found.isEmpty()) {
            throw new SkipException("this Open MPI makes no shared-memory segments in " + SHM + " (no vader or sm BTL)");
        }
        assertEquals(found.size(), 4, "segments of a 4-task job: " + found);
        return found;
    }

    /** The job's session directory: the one directly in /tmp (5.x) or in the user's (4.x) that its processes use. */
    private static Path sessionDir(Cli.Running job) throws Exception {
        Optional<Path> dir = usedFiles(job, TMP).map(MpiLeftoversIT::jobLevel).flatMap(Optional::stream).findFirst();
        return dir.orElseThrow(() -> new SkipException("this Open MPI's processes use no session directory in " + TMP));
    }

    private static Optional<Path> jobLevel(Path f) {
        Path rel = TMP.relativize(f);
        if (rel.getNameCount() >= 2 && rel.getName(0).toString().startsWith("ompi.") && rel.getName(1).toString().matches("(pid|jf)\\.\\d+")) {
            return Optional.of(TMP.resolve(rel.subpath(0, 2)));
        }
        return rel.getName(0).toString().startsWith("prterun.") ? Optional.of(TMP.resolve(rel.getName(0))) : Optional.empty();
    }

    /** Files below {@code root} that the job's processes map. */
    private static Stream<Path> usedFiles(Cli.Running job, Path root) {
        List<ProcessHandle> all = job.process().descendants().toList();
        return all.stream().flatMap(p -> maps(p.pid())).filter(f -> f.startsWith(root));
    }

    private static Stream<Path> maps(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")).stream().map(l -> l.split("\\s+", 6))
                    .filter(f -> f.length == 6 && f[5].startsWith("/")).map(f -> Path.of(f[5].strip()));
        } catch (IOException e) {
            return Stream.empty(); // Gone meanwhile.
        }
    }

    private static void awaitOlderThanYoung(Set<Path> files) throws Exception {
        for (Path f : files) {
            Instant safe = Files.getLastModifiedTime(f).toInstant().plus(MpiLeftovers.YOUNG).plusSeconds(1);
            long wait = Duration.between(Instant.now(), safe).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
    }
}
