package org.jckpt.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that {@code run} and {@code restart} share. */
final class JobOptions {
    @Option(names = "--hostfile", paramLabel = "FILE", description = "mpirun hostfile (default: this host, oversubscribed)")
    Path hostfile;

    @Option(names = "--ckpt-every", paramLabel = "K|DURATION",
            description = "needCheckpoint() says yes every K calls, or once per DURATION (e.g. 30s, 5m)")
    String every;

    @Option(names = "--keep", paramLabel = "N", description = "committed sets to keep (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int keep;

    void validate() {
        if (hostfile != null && !java.nio.file.Files.isRegularFile(hostfile)) {
            throw new IllegalArgumentException("hostfile " + hostfile + " does not exist");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("--keep must be at least 1");
        }
        if (every != null) {
            org.jckpt.launch.Durations.isCallCount(every);
        }
    }
}
