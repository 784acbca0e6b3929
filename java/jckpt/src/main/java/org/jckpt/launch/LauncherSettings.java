package org.jckpt.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What jckpt tells Open MPI's launcher (mpirun in 4.x, PRRTE's in 5.x): the remote shell that
 * starts its daemons on other hosts, and how to bind tasks. Open MPI 5 renamed both settings and
 * ignores their 4.x names in the environment, so a user's setting is taken in either spelling and
 * given on mpirun's command line in the one this version honours.
 */
final class LauncherSettings {
    /** Each setting's environment variable in Open MPI 4.x, then in 5.x. */
    private static final List<String> AGENT_VARS = List.of("OMPI_MCA_plm_rsh_agent", "PRTE_MCA_plm_ssh_agent");
    private static final List<String> BINDING_VARS = List.of("OMPI_MCA_hwloc_base_binding_policy",
            "PRTE_MCA_hwloc_default_binding_policy");

    private final OpenMpiVersion version;
    private final String agent;
    private final String binding;

    private LauncherSettings(OpenMpiVersion version, String agent, String binding) {
        this.version = version;
        this.agent = agent;
        this.binding = binding;
    }

    static LauncherSettings of(OpenMpiVersion version, Map<String, String> env) {
        return new LauncherSettings(version, setting(version, env, AGENT_VARS), setting(version, env, BINDING_VARS));
    }

    /** The user's value: in this version's spelling if given so, else in the other's; null if neither. */
    private static String setting(OpenMpiVersion version, Map<String, String> env, List<String> vars) {
        List<String> order = version.launchesWithPrrte() ? List.of(vars.get(1), vars.get(0)) : vars;
        return order.stream().map(env::get).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }

    /** The shell the launcher starts remote daemons with; jckpt starts DMTCP restarts with it too. */
    RemoteShell remoteShell() {
        return RemoteShell.of(agent);
    }

    /**
     * mpirun's options for these settings. {@code oversubscribed}: jckpt runs more tasks than this
     * host has cores, so unless the user chose a binding the tasks run unbound, yielding when idle.
     */
    List<String> mpirunOptions(boolean oversubscribed) {
        List<String> options = new ArrayList<>();
        if (agent != null) {
            options.addAll(List.of("--mca", version.launchesWithPrrte() ? "plm_ssh_agent" : "plm_rsh_agent", agent));
        }
        if (binding != null || oversubscribed) {
            options.addAll(List.of("--bind-to", binding != null ? binding : "none"));
        }
        if (oversubscribed) {
            options.addAll(List.of("--mca", "mpi_yield_when_idle", "1"));
        }
        return options;
    }
}
