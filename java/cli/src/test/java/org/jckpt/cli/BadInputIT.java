package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/** Missing software and bad input: one line saying what is wrong, a non-zero exit, no stack trace. */
public class BadInputIT {
    private static final String HEAT = "org.jckpt.examples.Heat";

    private static void assertOneLineError(Cli.Result r, String expected) {
        assertNotEquals(r.status(), 0, r.toString());
        String err = r.err().strip();
        assertEquals(err.lines().count(), 1L, r.toString());
        assertTrue(err.startsWith("jckpt: ") && err.contains(expected), "expected '" + expected + "' in: " + err);
    }

    @Test
    public void helpDescribesEveryCommand() throws Exception {
        Cli.Result top = Cli.run("--help");
        assertEquals(top.status(), 0);
        for (String cmd : List.of("run", "checkpoint", "restart", "list", "verify", "stats")) {
            assertTrue(top.out().contains("  " + cmd + " "), cmd + " missing from: " + top.out());
            Cli.Result help = Cli.run(cmd, "--help");
            assertEquals(help.status(), 0, cmd);
            assertEquals(help.err(), "", help.toString()); // e.g. picocli's warning about a '%' in a description
        }
        assertTrue(Cli.run("run", "--help").out().contains("--ckpt-every"));
    }

    @Test
    public void aCkptEveryOfNoFormIsNamed() throws Exception {
        Path dir = Files.createTempDirectory("every");
        for (String bad : List.of("overhead:5", "overhead:100%", "daly:often", "0")) {
            assertOneLineError(Cli.run("run", "-np", "2", "--ckpt-dir", dir.toString(), "--ckpt-every", bad, "--",
                    "org.jckpt.examples.Heat"), "--ckpt-every");
        }
    }

    @Test
    public void absentMpiJarOrJavaBindingsAreNamed() throws Exception {
        assertOneLineError(Cli.run(Cli.env("MPI_JAR", "/nonexistent/mpi.jar"), "run", "-np", "2", "--", "org.jckpt.examples.Heat"),
                "mpi.jar not found: MPI_JAR=/nonexistent/mpi.jar does not exist");
        // An Open MPI built without --enable-mpi-java: mpirun, but no libmpi_java.so, and jckpt's binding not built for it.
        Path ompi = Files.createTempDirectory("ompi");
        Files.createDirectories(ompi.resolve("bin"));
        Files.createDirectories(ompi.resolve("lib"));
        Files.createSymbolicLink(ompi.resolve("bin/mpirun"), Cli.onPath("mpirun.openmpi"));
        Files.createSymbolicLink(ompi.resolve("bin/ompi_info"), Cli.onPath("ompi_info"));
        Cli.Result r = Cli.run(Cli.env("OMPI_HOME", ompi.toString()), "run", "-np", "2", "--", "org.jckpt.examples.Heat");
        assertOneLineError(r, "Open MPI's Java bindings not found: no libmpi_java.so in " + ompi.resolve("lib"));
        assertOneLineError(r, "; and jckpt's MPI binding is not built for Open MPI ");
    }

    @Test
    public void absentOpenMpiIsNamed() throws Exception {
        assertOneLineError(Cli.run(Cli.env("OMPI_HOME", "/nonexistent"), "run", "-np", "2", "--", "org.jckpt.examples.Heat"),
                "Open MPI not found: /nonexistent/bin/mpirun does not exist");
        // A PATH with the shell tools bin/jckpt needs, and java, but no mpirun.
        Path bin = Files.createTempDirectory("path");
        for (String tool : List.of("bash", "env", "dirname", "readlink")) {
            Files.createSymbolicLink(bin.resolve(tool), Cli.onPath(tool));
        }
        assertOneLineError(Cli.run(Map.of("PATH", bin.toString(), "JAVA_HOME", System.getProperty("java.home")),
                "run", "-np", "2", "--", "org.jckpt.examples.Heat"), "Open MPI not found: no mpirun on PATH");
    }

    @Test
    public void absentJavaIsNamed() throws Exception {
        Path bin = Files.createTempDirectory("path");
        for (String tool : List.of("bash", "env", "dirname", "readlink")) {
            Files.createSymbolicLink(bin.resolve(tool), Cli.onPath(tool));
        }
        Cli.Result r = Cli.run(Map.of("PATH", bin.toString(), "JAVA_HOME", ""), "run", "-np", "2", "--", "X");
        assertOneLineError(r, "java not found");
    }

    @Test
    public void unknownMainClassOptionAndValuesAreRefused() throws Exception {
        assertOneLineError(Cli.run("run", "-np", "2", "--", "org.nope.Main"), "main class org.nope.Main not found");
        assertOneLineError(Cli.run("run", "-np", "2", "--bogus", "--", "org.nope.Main"), "Unknown option: '--bogus'");
        assertOneLineError(Cli.run("run", "-np", "0", "--", "org.jckpt.examples.Heat"), "-np must be at least 1");
        assertOneLineError(Cli.run("run", "-np", "2", "--ckpt-every", "soon", "--", "org.jckpt.examples.Heat"),
                "--ckpt-every takes K (calls), a duration (30s, 5m), overhead:P% (e.g. overhead:2%) or daly:MTBF (e.g. daly:6h), not 'soon'");
        assertOneLineError(Cli.run("run", "-np", "2", "--engine", "criu", "--", "org.jckpt.examples.Heat"), "unknown checkpoint engine 'criu'");
        assertOneLineError(Cli.run("run", "-np", "2", "--mpi", "lam", "--", "org.jckpt.examples.Heat"),
                "unknown --mpi 'lam' (auto, openmpi or mpich)");
        assertOneLineError(Cli.run("restart", "--bindings", "mine", "/tmp/x.0"), "unknown --bindings 'mine' (auto, openmpi or jckpt)");
        assertOneLineError(Cli.run(Cli.env("JCKPT_MPI", "lam"), "run", "-np", "2", "--", "org.jckpt.examples.Heat"),
                "unknown JCKPT_MPI 'lam' (auto, openmpi or mpich)");
        assertOneLineError(Cli.run(Cli.env("JCKPT_BINDINGS", "mine"), "restart", "/tmp/x.0"),
                "unknown JCKPT_BINDINGS 'mine' (auto, openmpi or jckpt)");
        assertOneLineError(Cli.run(Cli.env("MPI_HOME", "/nonexistent"), "run", "-np", "2", "--", "org.jckpt.examples.Heat"),
                "MPI_HOME=/nonexistent holds neither Open MPI (bin/ompi_info) nor MPICH (bin/mpiexec.hydra)");
        assertOneLineError(Cli.run("checkpoint", "no-such-job"), "no running job no-such-job");
        assertOneLineError(Cli.run("restart"), "Missing required argument");
    }

    @Test
    public void badRedundancyAndFlushOptionsAreRefusedInOneLine() throws Exception {
        assertOneLineError(Cli.run("run", "-np", "2", "--redundancy", "mirror", "--", HEAT),
                "--redundancy must be none, partner or xor[:K], not 'mirror'");
        assertOneLineError(Cli.run("run", "-np", "2", "--redundancy", "xor:2", "--", HEAT),
                "--redundancy xor:K needs K of 3 or more, not 2");
        assertOneLineError(Cli.run("run", "-np", "2", "--flush-every", "-1", "--", HEAT),
                "--flush-every must be 0 or more, not -1");
        assertOneLineError(Cli.run("run", "-np", "2", "--flush", "sync", "--redundancy", "partner", "--", HEAT),
                "--redundancy needs --flush async");
        assertOneLineError(Cli.run("run", "--engine", "dmtcp", "-np", "2", "--flush-every", "0", "--", HEAT),
                "--redundancy and --flush-every are for the app engine");
    }

    @Test
    public void missingAndUnwritableCheckpointDirectoriesAreRefusedAtStart() throws Exception {
        assertOneLineError(Cli.run("run", "-np", "2", "--ckpt-dir", "/nonexistent/ckpt", "--", "org.jckpt.examples.Heat"),
                "checkpoint directory /nonexistent/ckpt does not exist");
        assertOneLineError(Cli.run(Cli.env("MP_CKPTDIR", "/nonexistent/ckpt"), "run", "-np", "2", "--", "org.jckpt.examples.Heat"),
                "checkpoint directory /nonexistent/ckpt does not exist");
        try (ReadOnlyDirectory ro = new ReadOnlyDirectory()) {
            assertOneLineError(Cli.run("run", "-np", "2", "--ckpt-dir", ro.path().toString(), "--", "org.jckpt.examples.Heat"),
                    "checkpoint directory " + ro.path() + " is not writable");
        }
        assertOneLineError(Cli.run("list", "/nonexistent/ckpt"), "checkpoint directory /nonexistent/ckpt does not exist");
    }

    @Test
    public void setFilesThatAreMissingOldOrForeignAreRefused() throws Exception {
        Path dir = Files.createTempDirectory("sets");
        assertOneLineError(Cli.run("verify", dir.resolve("heat.3").toString()), "heat.3: no such set file");
        Files.writeString(dir.resolve("heat.0"), "{\"format\": 1, \"engine\": \"app\", \"files\": []}");
        assertOneLineError(Cli.run("verify", dir.resolve("heat.0").toString()), "set file format 1 is older than this jckpt's format");
        assertOneLineError(Cli.run("restart", dir.resolve("heat.0").toString()), "set file format 1 is older");
        Files.writeString(dir.resolve("heat.1"), "hello");
        assertOneLineError(Cli.run("restart", dir.resolve("heat.1").toString()), "heat.1: not a jckpt set file");
        assertOneLineError(Cli.run("restart", "--latest", dir.resolve("pi").toString()), "no checkpoint set " + dir.resolve("pi") + ".<tag>");
    }

    /** DMTCP 5.0 hangs checkpointing a job that spans hosts: such a run is refused before anything starts. */
    @Test
    public void aDmtcpJobSpanningHostsIsRefused() throws Exception {
        Path hosts = Files.createTempFile("hosts", "");
        Files.writeString(hosts, "localhost slots=1\nnode-elsewhere-" + ProcessHandle.current().pid() + " slots=1\n");
        assertOneLineError(Cli.run("run", "--engine", "dmtcp", "-np", "2", "--hostfile", hosts.toString(), "--", "org.jckpt.examples.Heat"),
                "a DMTCP job runs on one host, and " + hosts + " names node-elsewhere-");
    }
}
