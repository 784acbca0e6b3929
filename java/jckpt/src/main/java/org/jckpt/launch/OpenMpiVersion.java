package org.jckpt.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The version of the Open MPI a job runs on, as its {@code ompi_info} tells it. From 5.0 on,
 * mpirun is PRRTE's launcher, which names its settings differently from 4.x.
 */
public record OpenMpiVersion(int major, String full) {
    private static final String KEY = "ompi:version:full:";

    /** Asks {@code ompi_info}; once per launch. */
    static OpenMpiVersion of(Path ompiInfo) throws LaunchException {
        String out;
        try {
            Process p = new ProcessBuilder(ompiInfo.toString(), "--parsable").redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new LaunchException("cannot tell Open MPI's version: " + ompiInfo + " --parsable failed: "
                        + out.strip().lines().findFirst().orElse(""));
            }
        } catch (IOException e) {
            throw new LaunchException("cannot tell Open MPI's version: " + ompiInfo + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while asking " + ompiInfo + " for Open MPI's version");
        }
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
