package org.jckpt.launch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a command on another host the way Open MPI starts its daemons there: through its agent
 * ({@code plm_rsh_agent} in Open MPI 4, {@code plm_ssh_agent} in 5; the default is ssh), which,
 * like ssh, joins the words it is given and hands them to a shell on that host.
 */
public final class RemoteShell {
    private final List<String> agent;

    private RemoteShell(List<String> agent) {
        this.agent = agent;
    }

    /** The agent Open MPI would use; of alternatives ({@code "ssh : rsh"}) the first. */
    public static RemoteShell of(String agentSetting) {
        String setting = agentSetting == null ? "" : agentSetting.split(":")[0].strip();
        return new RemoteShell(Arrays.asList((setting.isEmpty() ? "ssh" : setting).split("\\s+")));
    }

    /** The command that runs {@code command} on {@code host}. */
    public List<String> command(String host, List<String> command) {
        List<String> cmd = new ArrayList<>(agent);
        cmd.add(host);
        cmd.add(String.join(" ", command.stream().map(RemoteShell::quote).toList()));
        return cmd;
    }

    /** One word for a POSIX shell, whatever it contains. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
