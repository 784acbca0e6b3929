package org.jckpt.launch;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A hostfile in Hydra's format: {@code host:N} per line, where jckpt's (Open MPI's) says
 * {@code host slots=N}. Hydra would read "slots=N" as a host name.
 */
final class HydraHostfile {
    private HydraHostfile() {
    }

    static String of(List<Hostfile.Entry> entries) {
        return entries.stream().map(e -> e.host() + ":" + e.slots() + "\n").collect(Collectors.joining());
    }
}
