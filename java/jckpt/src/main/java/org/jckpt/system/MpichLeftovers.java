package org.jckpt.system;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What killed MPICH jobs leave on a host: shared-memory segments in {@code /dev/shm}
 * ({@code mpich_shar_tmp*}, and UCX's {@code ucx_shm_posix_*}), which MPICH unlinks once every
 * task of the host mapped them, so only a job killed during MPI_Init leaves them; and Hydra proxies
 * ({@code hydra_pmi_proxy}) whose mpiexec is gone. A segment is dead when it is this user's, no
 * process maps or holds it open, and it is not young ({@link MpiLeftovers#YOUNG}). A proxy is dead
 * when it is this user's, runs in this network namespace, and its {@code --control-port} is this
 * host's yet nothing here listens on that port any more: its mpiexec is gone. Another live job's
 * files and proxies are never touched.
 */
public final class MpichLeftovers {
    private static final Pattern SEGMENT = Pattern.compile("mpich_shar_tmp.*|ucx_shm_posix_[0-9a-f]+");
    private static final Pattern CONTROL_PORT = Pattern.compile("(.+):(\\d+)");
    private static final long BUDGET_NANOS = 5_000_000_000L;

    private MpichLeftovers() {
    }

    /** Removes the leftovers of killed MPICH jobs on this host; says in one line, after {@code where}, what it removed. */
    public static void cleanHere(String where, PrintStream err) {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        try {
            Path shm = Path.of("/dev/shm").toRealPath();
            ProcessTable processes = ProcessTable.read(Path.of("/proc"), List.of(shm), deadline);
            int uid = MpiLeftovers.currentUid();
            int segments = MpiLeftovers.remove(deadSegments(shm, processes, uid, Instant.now()), deadline);
            int proxies = endProxies(deadProxies(processes, uid, listeningPorts()));
            if (segments + proxies > 0) {
                err.println("jckpt: " + where + "removed " + segments + " shared-memory segment(s) and ended " + proxies
                        + " Hydra prox" + (proxies == 1 ? "y" : "ies") + " left by killed jobs");
            }
        } catch (IOException | RuntimeException e) { // A cleanup that fails must not stop the job.
            err.println("jckpt: " + where + "left MPICH's files of killed jobs in place: " + e.getMessage());
        }
    }

    /** This user's MPICH and UCX segments in {@code shm} that no process uses and that are not young. */
    static List<Path> deadSegments(Path shm, ProcessTable processes, int uid, Instant now) throws IOException {
        List<Path> dead = new ArrayList<>();
        try (Stream<Path> files = Files.list(shm)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (SEGMENT.matcher(p.getFileName().toString()).matches() && MpiLeftovers.ownedBy(p, uid) && !processes.uses(p)
                        && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(now.minus(MpiLeftovers.YOUNG))) {
                    dead.add(p);
                }
            }
        }
        return dead;
    }

    /** This user's proxies here whose mpiexec, on this host, listens no more. */
    static List<Long> deadProxies(ProcessTable processes, int uid, Set<Integer> listening) throws IOException {
        String ourNet = netNamespace(ProcessHandle.current().pid());
        List<Long> dead = new ArrayList<>();
        for (ProcessTable.Proc p : (Iterable<ProcessTable.Proc>) processes.all()::iterator) {
            Matcher control = controlPort(p);
            if (p.command().equals("hydra_pmi_proxy") && control != null && Hosts.isThisHost(control.group(1))
                    && !listening.contains(Integer.parseInt(control.group(2))) && MpiLeftovers.ownedBy(Path.of("/proc", Long.toString(p.pid())), uid)
                    && ourNet.equals(netNamespace(p.pid()))) {
                dead.add(p.pid());
            }
        }
        return dead;
    }

    private static Matcher controlPort(ProcessTable.Proc p) {
        int i = p.arguments().indexOf("--control-port");
        if (i < 0 || i + 1 >= p.arguments().size()) {
            return null;
        }
        Matcher m = CONTROL_PORT.matcher(p.arguments().get(i + 1));
        return m.matches() ? m : null;
    }

    /** The TCP ports something listens on in this network namespace (/proc/net/tcp and tcp6, state 0A). */
    static Set<Integer> listeningPorts() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[3].equals("0A")) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private static String netNamespace(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
        } catch (IOException e) {
            return ""; // Gone, or not ours to read: not ours to end either.
        }
    }

    /** Ends each proxy with the tasks it started. */
    private static int endProxies(List<Long> dead) {
        int ended = 0;
        for (long pid : dead) {
            ProcessHandle proxy = ProcessHandle.of(pid).orElse(null);
            if (proxy != null) {
                proxy.descendants().forEach(ProcessHandle::destroyForcibly);
                ended += proxy.destroyForcibly() ? 1 : 0;
            }
        }
        return ended;
    }
}
