package org.jckpt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jckpt.system.MpiLeftovers;
import org.testng.SkipException;

/** The Open MPI files a job's processes use: shared-memory segments in /dev/shm, session directories in /tmp. */
final class MpiFiles {
    private static final Pattern SEGMENT = Pattern.compile("(?:vader|sm)_segment\\..+");
    private static final Path SHM = Path.of("/dev/shm");
    private static final Path TMP = Path.of("/tmp");

    private MpiFiles() {
    }

    /** The segments {@code processes} map, once there are {@code count}; skips when Open MPI makes none. */
    static Set<Path> awaitSegments(Supplier<List<ProcessHandle>> processes, int count) throws Exception {
        Set<Path> found = Set.of();
        for (long end = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < end && found.size() < count; ) {
            found = used(processes.get(), SHM).filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches())
                    .collect(Collectors.toSet());
            Thread.sleep(200);
        }
        if (found.isEmpty()) {
            throw new SkipException("this Open MPI makes no shared-memory segments in " + SHM + " (no vader or sm BTL)");
        }
        return found;
    }

    /** The job's session directory that {@code processes} use: directly in /tmp (5.x), or in the user's (4.x). */
    static Path sessionDir(List<ProcessHandle> processes) {
        Optional<Path> dir = used(processes, TMP).map(MpiFiles::jobLevel).flatMap(Optional::stream).findFirst();
        return dir.orElseThrow(() -> new SkipException("this Open MPI's processes use no session directory in " + TMP));
    }

    /** Waits until every file is past the age that protects a starting job's files from removal. */
    static void awaitOlderThanYoung(Set<Path> files) throws Exception {
        for (Path f : files) {
            Instant safe = Files.getLastModifiedTime(f).toInstant().plus(MpiLeftovers.YOUNG).plusSeconds(1);
            long wait = Duration.between(Instant.now(), safe).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
    }

    private static Optional<Path> jobLevel(Path f) {
        Path rel = TMP.relativize(f);
        if (rel.getNameCount() >= 2 && rel.getName(0).toString().startsWith("ompi.") && rel.getName(1).toString().matches("(pid|jf)\\.\\d+")) {
            return Optional.of(TMP.resolve(rel.subpath(0, 2)));
        }
        return rel.getName(0).toString().startsWith("prterun.") ? Optional.of(TMP.resolve(rel.getName(0))) : Optional.empty();
    }

    /** Files below {@code root} that {@code processes} map. */
    private static Stream<Path> used(Collection<ProcessHandle> processes, Path root) {
        return processes.stream().flatMap(p -> maps(p.pid())).filter(f -> f.startsWith(root));
    }

    private static Stream<Path> maps(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")).stream().map(l -> l.split("\\s+", 6))
                    .filter(f -> f.length == 6 && f[5].startsWith("/")).map(f -> Path.of(f[5].strip()));
        } catch (IOException e) {
            return Stream.empty(); // Gone meanwhile.
        }
    }
}
