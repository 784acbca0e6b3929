package org.jckpt.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/** This host's names. */
public final class Hosts {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    private Hosts() {
    }

    /** This host's name, as tasks record theirs (MPI's processor name is the host name). */
    public static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Whether {@code host}, as a hostfile names it, is this host: its name, short or full, or loopback. */
    public static boolean isThisHost(String host) {
        if (LOOPBACK.contains(host)) {
            return true;
        }
        try {
            InetAddress local = InetAddress.getLocalHost();
            return shortName(host).equals(shortName(local.getHostName())) || host.equals(local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A host's name up to its first dot. */
    public static String shortName(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
