package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jckpt.system.ExternalCommand;

/**
 * The version of the Open MPI a job runs on, as its {@code ompi_info} tells it. From 5.0 on,
 * mpirun is PRRTE's launcher, which names its settings differently from 4.x.
 */
public record OpenMpiVersion(int major, String full) {
    /** {@code ompi_info --version}'s line; --version answers at once, where --parsable loads every component. */
    private static final Pattern LINE = Pattern.compile("^Open MPI v((\\d+)\\.\\S*)$", Pattern.MULTILINE);

    /** Asks {@code ompi_info}; once per launch. */
    static OpenMpiVersion of(Path ompiInfo) throws LaunchException {
        ExternalCommand.Result r;
        try {
            r = ExternalCommand.run(Duration.ofSeconds(30), ompiInfo.toString(), "--version");
        } catch (IOException e) {
            throw new LaunchException("cannot tell Open MPI's version: " + ompiInfo + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while asking " + ompiInfo + " for Open MPI's version");
        }
        if (!r.ok()) {
            throw new LaunchException("cannot tell Open MPI's version: " + ompiInfo + " --version failed: "
                    + r.output().strip().lines().findFirst().orElse(""));
        }
        String out = r.output();
        return parse(out, ompiInfo);
    }

    /** The version in {@code ompi_info --version}'s output ("Open MPI v5.0.7"). */
    static OpenMpiVersion parse(String ompiInfoOutput, Path from) throws LaunchException {
        Matcher m = LINE.matcher(ompiInfoOutput);
        if (!m.find()) {
            throw new LaunchException("cannot tell Open MPI's version: no 'Open MPI v<version>' line from " + from + " --version");
        }
        return new OpenMpiVersion(Integer.parseInt(m.group(2)), m.group(1));
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
