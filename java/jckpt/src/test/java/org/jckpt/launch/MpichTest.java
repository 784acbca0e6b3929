package org.jckpt.launch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jckpt.job.EngineType;
import org.testng.annotations.Test;

/** Hydra's command line and hostfile as jckpt gives them to MPICH's mpiexec. */
public class MpichTest {
    private static final Path MPIEXEC = Path.of("/usr/bin/mpiexec.hydra");

    @Test
    public void oneHostIsTaskCountAndExportedNamesOnly() throws Exception {
        Mpich mpich = new Mpich(MPIEXEC, "4.0.2", null);
        List<String> cmd = mpich.launchCommand(new Mpi.LaunchRequest(4, null, List.of("JCKPT_TOKEN", "UCX_ERROR_SIGNALS"), null));
        assertEquals(cmd, List.of("/usr/bin/mpiexec.hydra", "-n", "4", "-genvlist", "JCKPT_TOKEN,UCX_ERROR_SIGNALS"));
    }

    @Test
    public void everyJobExportsItsVariablesAndUcxsSignalsToItsTasks() throws Exception {
        Mpich mpich = new Mpich(MPIEXEC, "4.0.2", null);
        JobEnvironment jobEnv = JobEnvironment.of(mpich, Map.of("UCX_ERROR_SIGNALS", "SIGILL"), Map.of("JCKPT_TOKEN", "t"));
        assertEquals(jobEnv.tasks(), Map.of("JCKPT_TOKEN", "t", "UCX_ERROR_SIGNALS", "SIGILL"));
        List<String> cmd = mpich.launchCommand(jobEnv.launch(2, null, null));
        assertEquals(cmd, List.of("/usr/bin/mpiexec.hydra", "-n", "2", "-genvlist", "JCKPT_TOKEN,UCX_ERROR_SIGNALS"));
        Map<String, String> processEnv = new HashMap<>();
        jobEnv.applyTo(processEnv);
        assertEquals(processEnv, jobEnv.tasks()); // Hydra's launcher needs nothing of its own, as root or not
    }

    @Test
    public void hostfileIsConvertedAndTheAgentIsHydrasLauncher() throws Exception {
        Path jobDir = Files.createTempDirectory("job");
        Path hostfile = jobDir.resolve("hosts");
        Files.writeString(hostfile, "# the test hosts\nh1 slots=2\nh2 slots=3 max_slots=4  # two\nh3\n");
        Mpich mpich = new Mpich(MPIEXEC, "4.0.2", "/run/jckpt-netns/rsh");
        List<String> cmd = mpich.launchCommand(new Mpi.LaunchRequest(5, hostfile, List.of("A"), jobDir));
        Path converted = jobDir.resolve("hydra-hosts");
        assertEquals(cmd, List.of("/usr/bin/mpiexec.hydra", "-n", "5", "-f", converted.toString(),
                "-launcher", "rsh", "-launcher-exec", "/run/jckpt-netns/rsh", "-genvlist", "A"));
        assertEquals(Files.readString(converted), "h1:2\nh2:3\nh3:1\n");
    }

    @Test
    public void anAgentOfSeveralWordsIsRefusedInOneLine() {
        Mpich mpich = new Mpich(MPIEXEC, "4.0.2", "ssh -x");
        try {
            mpich.launcherOptions();
            throw new AssertionError("accepted");
        } catch (LaunchException e) {
            assertTrue(e.getMessage().contains("HYDRA_LAUNCHER_EXEC"), e.getMessage());
        }
    }

    @Test
    public void dmtcpIsRefusedSayingWhy() {
        Mpich mpich = new Mpich(MPIEXEC, "4.0.2", null);
        assertTrue(mpich.refusal(EngineType.DMTCP).orElseThrow().contains("Open MPI only"));
        assertTrue(mpich.refusal(EngineType.APP).isEmpty());
    }

    @Test
    public void describesItselfAndItsBindingDirectory() {
        Mpich mpich = new Mpich(MPIEXEC, "4.0.2", null);
        assertEquals(mpich.describe(), "MPICH 4.0.2 (mpiexec.hydra)");
        assertEquals(mpich.jckptBindingDir(Path.of("/j")), Path.of("/j/build/native-mpich"));
        Mpich site = new Mpich(Path.of("/opt/mpich-4.2/bin/mpiexec.hydra"), "4.2.0", null);
        assertEquals(site.jckptBindingDir(Path.of("/j")), Path.of("/j/build/native-mpich-opt_mpich-4.2"));
        assertEquals(MpiChoice.bindingDir(Path.of("/j"), "openmpi", Path.of("/usr")), Path.of("/j/build/native"));
    }

    @Test
    public void versionIsHydrasVersionLine() {
        String out = "HYDRA build details:\n    Version:                                 4.0.2\n    Release Date: x\n";
        assertEquals(HydraVersion.parse(out).orElseThrow(), "4.0.2");
        assertTrue(HydraVersion.parse("nothing").isEmpty());
    }
}
