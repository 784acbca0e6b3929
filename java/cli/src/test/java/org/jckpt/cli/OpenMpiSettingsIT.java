package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * What jckpt sets for Open MPI, on 4.x and 5.x alike: the tasks' UCX_ERROR_SIGNALS (UCX would
 * otherwise take the JVM's own SIGSEGVs for crashes), PMIx's authentication, and the user's launcher settings, which
 * Open MPI 5 ignores in the environment under their 4.x names.
 */
public class OpenMpiSettingsIT {
    private static final String UCX = "UCX_ERROR_SIGNALS";
    private static final String PMIX = "PMIX_MCA_psec";
    private Path testClasses;

    @BeforeClass
    public void openMpi() throws Exception {
        Cli.requireOpenMpi();
        testClasses = Path.of(PrintEnv.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    public void tasksGetAnEmptyUcxErrorSignalsUnlessTheUserSetOne() throws Exception {
        String inherited = System.getenv(UCX);
        assertTasksSee(Map.of(), UCX + "=" + (inherited == null ? "" : inherited));
        assertTasksSee(Map.of(UCX, "SIGILL,SIGBUS"), UCX + "=SIGILL,SIGBUS");
    }

    /** Where libmunge is installed and munged does not run, PMIx's munge would cost each job some 2 s. */
    @Test
    public void pmixAuthenticatesWithPeerCredentialsUnlessTheUserChoseOtherwise() throws Exception {
        String inherited = System.getenv(PMIX);
        assertTasksSee(Map.of(), PMIX, PMIX + "=" + (inherited == null ? "native" : inherited));
        assertTasksSee(Map.of(PMIX, "^munge"), PMIX, PMIX + "=^munge");
    }

    private void assertTasksSee(Map<String, String> env, String line) throws Exception {
        assertTasksSee(env, UCX, line);
    }

    private void assertTasksSee(Map<String, String> env, String variable, String line) throws Exception {
        Cli.Result r = Cli.run(env, "run", "-np", "2", "--ckpt-dir", Files.createTempDirectory("env").toString(),
                "--cp", testClasses.toString(), "--", PrintEnv.class.getName(), variable);
        assertEquals(r.status(), 0, r.toString());
        assertEquals(r.out().strip().lines().toList(), List.of(line, line), r.toString());
    }

    /**
     * More tasks than cores from a hostfile: Open MPI would bind them (and refuse, the cores being
     * too few) unless told not to. Told in Open MPI 4's spelling, which Open MPI 5's launcher
     * ignores in the environment: jckpt passes it on mpirun's command line.
     */
    @Test
    public void aHostfileRunHonoursTheUsersBindingPolicy() throws Exception {
        int tasks = Runtime.getRuntime().availableProcessors() + 2;
        Path dir = Files.createTempDirectory("bind");
        Path hostfile = Files.writeString(dir.resolve("hosts"), "localhost slots=" + tasks + "\n");
        Cli.Result r = Cli.run(Map.of("OMPI_MCA_hwloc_base_binding_policy", "none"), "run", "-np", Integer.toString(tasks),
                "--hostfile", hostfile.toString(), "--ckpt-dir", dir.toString(), "--",
                "org.jckpt.examples.Pi", "--samples", "2000000");
        assertEquals(r.status(), 0, r.toString());
        assertTrue(r.lastLine().startsWith("checksum "), r.toString());
    }
}
