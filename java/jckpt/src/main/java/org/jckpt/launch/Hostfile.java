package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The host names of an Open MPI hostfile ({@code host [slots=N ...]} per line, {@code #} comments). */
public final class Hostfile {
    private Hostfile() {
    }

    public static List<String> hosts(Path hostfile) throws IOException, LaunchException {
        List<String> hosts = Files.readAllLines(hostfile).stream()
                .map(l -> l.replaceFirst("#.*", "").strip())
                .filter(l -> !l.isEmpty())
                .map(l -> l.split("\\s+")[0])
                .toList();
        if (hosts.isEmpty()) {
            throw new LaunchException("hostfile " + hostfile + " names no host");
        }
        return hosts;
    }
}
