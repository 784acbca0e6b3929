package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.system.ExternalCommand;

/** MPICH's version, as its Hydra tells it ({@code mpiexec.hydra --version}: Hydra ships with MPICH, at its version). */
final class HydraVersion {
    private static final Pattern VERSION = Pattern.compile("(?m)^\\s*Version:\\s*(\\S+)");

    private HydraVersion() {
    }

    /** Asks {@code mpiexec}; once per launch. */
    static String of(Path mpiexec) throws LaunchException {
        try {
            ExternalCommand.Result r = ExternalCommand.run(Duration.ofSeconds(30), mpiexec.toString(), "--version");
            return parse(r.output()).orElseThrow(() -> new LaunchException("cannot tell MPICH's version: no 'Version:' line from "
                    + mpiexec + " --version"));
        } catch (IOException e) {
            throw new LaunchException("cannot tell MPICH's version: " + mpiexec + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while asking " + mpiexec + " for MPICH's version");
        }
    }

    /** The version in Hydra's {@code --version} output. */
    static Optional<String> parse(String output) {
        Matcher m = VERSION.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
