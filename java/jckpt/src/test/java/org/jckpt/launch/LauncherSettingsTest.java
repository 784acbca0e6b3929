package org.jckpt.launch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/** mpirun's launcher options for Open MPI 4.x and 5.x, without either installed. */
public class LauncherSettingsTest {
    private static final OpenMpiVersion V4 = new OpenMpiVersion(4, "4.1.4");
    private static final OpenMpiVersion V5 = new OpenMpiVersion(5, "5.0.7");

    @Test
    public void theVersionIsReadFromOmpiInfo() throws Exception {
        // Open MPI 5.0.7 in a chroot without /proc: UCX's complaint comes first.
        String out = "[1796590071.540916] [vm:31950:0] sys.c:306  UCX  ERROR failed to get boot id\nOpen MPI v5.0.7\n\n"
                + "https://www.open-mpi.org/community/help/\n";
        assertEquals(OpenMpiVersion.parse(out, Path.of("ompi_info")), V5);
        assertEquals(OpenMpiVersion.parse("Open MPI v4.1.4\n\nhttp://www.open-mpi.org/community/help/\n", Path.of("ompi_info")), V4);
        LaunchException e = expectThrows(LaunchException.class, () -> OpenMpiVersion.parse("nothing\n", Path.of("/x/ompi_info")));
        assertTrue(e.getMessage().contains("/x/ompi_info"), e.getMessage());
    }

    @Test
    public void nothingSetAddsNothingUnlessThisHostIsOversubscribed() {
        assertEquals(LauncherSettings.of(V5, Map.of()).mpirunOptions(false), List.of());
        assertEquals(LauncherSettings.of(V4, Map.of()).mpirunOptions(true),
                List.of("--bind-to", "none", "--mca", "mpi_yield_when_idle", "1"));
        assertEquals(LauncherSettings.of(V5, Map.of()).mpirunOptions(true),
                List.of("--bind-to", "none", "--mca", "mpi_yield_when_idle", "1"));
    }

    @Test
    public void theRemoteShellIsGivenUnderTheNameThisVersionHonours() {
        Map<String, String> old = Map.of("OMPI_MCA_plm_rsh_agent", "/run/rsh");
        assertEquals(LauncherSettings.of(V4, old).mpirunOptions(false), List.of("--mca", "plm_rsh_agent", "/run/rsh"));
        assertEquals(LauncherSettings.of(V5, old).mpirunOptions(false), List.of("--mca", "plm_ssh_agent", "/run/rsh"));
        Map<String, String> renamed = Map.of("PRTE_MCA_plm_ssh_agent", "/run/rsh");
        assertEquals(LauncherSettings.of(V4, renamed).mpirunOptions(false), List.of("--mca", "plm_rsh_agent", "/run/rsh"));
        assertEquals(LauncherSettings.of(V5, renamed).remoteShell().command("n", List.of("x")).get(0), "/run/rsh");
    }

    @Test
    public void thisVersionsOwnSpellingWinsOverTheOther() {
        Map<String, String> both = Map.of("OMPI_MCA_plm_rsh_agent", "rsh", "PRTE_MCA_plm_ssh_agent", "ssh -x");
        assertEquals(LauncherSettings.of(V4, both).remoteShell().command("n", List.of("x")).get(0), "rsh");
        assertEquals(LauncherSettings.of(V5, both).remoteShell().command("n", List.of("x")).subList(0, 2), List.of("ssh", "-x"));
    }

    @Test
    public void theUsersBindingPolicyBecomesBindToAndWinsOverJckptsOwn() {
        Map<String, String> none = Map.of("OMPI_MCA_hwloc_base_binding_policy", "none");
        assertEquals(LauncherSettings.of(V5, none).mpirunOptions(false), List.of("--bind-to", "none"));
        Map<String, String> core = Map.of("PRTE_MCA_hwloc_default_binding_policy", "core:overload-allowed");
        assertEquals(LauncherSettings.of(V4, core).mpirunOptions(true),
                List.of("--bind-to", "core:overload-allowed", "--mca", "mpi_yield_when_idle", "1"));
    }

    @Test
    public void ucxLeavesTheJvmsSignalsAloneUnlessTheUserSaidOtherwise() {
        assertEquals(UcxErrorSignals.forTasks(Map.of()), Map.of("UCX_ERROR_SIGNALS", ""));
        assertEquals(UcxErrorSignals.forTasks(Map.of("UCX_ERROR_SIGNALS", "SIGILL")), Map.of("UCX_ERROR_SIGNALS", "SIGILL"));
    }
}
