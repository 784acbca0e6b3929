package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jckpt.store.SetNaming;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A user's own project, {@code examples/standalone}, as the README tells users to work: built by
 * Maven against the jckpt artifact in the local repository, run with {@code bin/jckpt run --cp},
 * SIGKILLed after a set committed, restarted: the checksum of an uninterrupted run.
 *
 * <p>The build is offline ({@code mvn -o}) against the local repository this build uses, so it
 * assumes that repository holds the current jckpt: {@code ci/setup.sh}, and so {@code ci/test.sh},
 * runs {@code mvn install} before {@code mvn verify}. A bare {@code mvn verify} installs nothing;
 * the project then builds against the jckpt installed last.
 */
public class StandaloneProjectIT {
    private static final String[] ROD = {"org.example.rod.Rod", "--cells", "200", "--steps", "40000"};
    private static final Duration SLOW = Duration.ofMinutes(10); // two shared cores can be very busy
    private Path jar;

    @BeforeClass
    public void buildTheProject() throws Exception {
        Cli.requireOpenMpi();
        Path mvn = Cli.onPath("mvn");
        // A copy outside the checkout: a user's project has no jckpt tree around it.
        Path project = Files.createTempDirectory("standalone");
        copy(Cli.HOME.resolve("examples/standalone"), project);
        List<String> cmd = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-o", "-Dstyle.color=never"));
        // Set by failsafe from Maven's own setting, so MAVEN_OPTS=-Dmaven.repo.local=... carries over.
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isEmpty()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        cmd.add("package");
        Path log = Files.createTempFile("standalone-mvn", ".txt");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(SLOW.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn package timed out: " + Files.readString(log));
        }
        assertEquals(p.exitValue(), 0, String.join(" ", cmd) + " in " + project + ":\n" + Files.readString(log));
        jar = project.resolve("target/rod.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar);
    }

    @Test
    public void killedAndRestartedGivesTheUninterruptedChecksum() throws Exception {
        Cli.Result reference = run(1, Files.createTempDirectory("ref"), List.of()).waitFor(SLOW);
        assertEquals(reference.status(), 0, reference.toString());
        assertTrue(reference.lastLine().startsWith("checksum "), reference.toString());

        Path dir = Files.createTempDirectory("ckpt");
        Cli.Running job = run(2, dir, List.of("--ckpt-every", "2000"));
        Jobs.awaitSets(new SetNaming(dir, "rod"), 1, job);
        job.killWholeJob();
        // 128 + SIGKILL: the kill found the job running, so the restart really resumes mid-run.
        assertEquals(job.process().exitValue(), 137, "the job ended before the kill: " + job.errText());

        Cli.Result r = Cli.start(Map.of(), "restart", "--latest", dir.resolve("rod").toString()).waitFor(SLOW);
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.out().contains("restarted at step"), r.toString());
        // Also another task count than the reference: the checksum does not depend on it.
        assertEquals(r.lastLine(), reference.lastLine(), r.toString());
    }

    private Cli.Running run(int tasks, Path dir, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-np", Integer.toString(tasks), "--ckpt-dir", dir.toString()));
        args.addAll(options);
        args.addAll(List.of("--cp", jar.toString(), "--"));
        args.addAll(List.of(ROD));
        return Cli.start(Map.of(), args.toArray(String[]::new));
    }

    /** The project's sources and pom, without a target/ a local build may have left. */
    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : all.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path dest = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(f, dest);
                }
            }
        }
    }
}
