package org.jckpt.launch.dmtcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jckpt.launch.LaunchException;
import org.jckpt.launch.Executables;

/** DMTCP's commands: from {@code DMTCP_HOME/bin}, else from {@code PATH}. */
record DmtcpInstall(Path bin) {

    static DmtcpInstall locate(Map<String, String> env) throws LaunchException {
        String home = env.get("DMTCP_HOME");
        if (home != null && !home.isEmpty()) {
            Path bin = Path.of(home, "bin");
            if (!Files.isExecutable(bin.resolve("dmtcp_launch"))) {
                throw new LaunchException("DMTCP not found: no " + bin.resolve("dmtcp_launch") + " (DMTCP_HOME=" + home
                        + "); set DMTCP_HOME to DMTCP's installation or put dmtcp_launch on PATH");
            }
            return new DmtcpInstall(bin);
        }
        Path launch = Executables.onPath(env, "dmtcp_launch");
        if (launch == null) {
            throw new LaunchException("DMTCP not found: no dmtcp_launch on PATH; set DMTCP_HOME or put dmtcp_launch on PATH");
        }
        return new DmtcpInstall(launch.getParent());
    }

    String command(String name) {
        return bin.resolve(name).toString();
    }
}
