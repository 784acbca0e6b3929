package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jckpt.system.ExternalCommand;

/**
 * The version of the Open MPI a job runs on, as its {@code ompi_info} tells it. From 5.0 on,
 * mpirun is PRRTE's launcher, which names its settings differently from 4.x.
 */
public record OpenMpiVersion(int major, String full) {
    private static final String KEY = "ompi:version:full:";

    /** Asks {@code ompi_info}; once per launch. */
    static OpenMpiVersion of(Path ompiInfo) throws LaunchException {
        ExternalCommand.Result r;
        try {
            r = ExternalCommand.run(Duration.ofSeconds(30), ompiInfo.toString(), "--parsable");
        } catch (IOException e) {
            throw new LaunchException("cannot tell Open MPI's version: " + ompiInfo + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while asking " + ompiInfo + " for Open MPI's version");
        }
        if (!r.ok()) {
            throw new LaunchException("cannot tell Open MPI's version: " + ompiInfo + " --parsable failed: "
                    + r.output().strip().lines().findFirst().orElse(""));
        }
        String out = r.output();
        return parse(out, ompiInfo);
    }

    /** The version in {@code ompi_info --parsable}'s output. */
    static OpenMpiVersion parse(String ompiInfoOutput, Path from) throws LaunchException {
        for (String line : ompiInfoOutput.split("\n")) {
            if (line.startsWith(KEY)) {
                String full = line.substring(KEY.length()).strip();
                try {
                    return new OpenMpiVersion(Integer.parseInt(full.split("\\.")[0]), full);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new LaunchException("cannot tell Open MPI's version: no " + KEY + "<version> line from " + from + " --parsable");
    }

    /** Whether mpirun is PRRTE's (Open MPI 5 and later). */
    boolean launchesWithPrrte() {
        return major >= 5;
    }

    @Override
    public String toString() {
        return "Open MPI " + full;
    }
}
