package org.jckpt.launch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** The address tasks use to reach the launcher's coordinator. */
final class Hosts {
    private Hosts() {
    }

    /** {@code JCKPT_CONTROL_HOST} if set (multi-homed hosts), else this host's name. */
    static String controlAddress(Map<String, String> env) {
        String explicit = env.get("JCKPT_CONTROL_HOST");
        if (explicit != null && !explicit.isEmpty()) {
            return explicit;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
