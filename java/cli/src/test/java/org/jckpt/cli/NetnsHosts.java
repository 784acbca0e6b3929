package org.jckpt.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jckpt.store.FileTrees;
import org.testng.SkipException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The four test hosts, jckpt-h1 .. jckpt-h4: network namespaces on this machine joined by a bridge
 * (ci/netns-hosts.sh; root only) that share its file systems as cluster nodes share a home and a
 * checkpoint directory; how to run jckpt on one, tell on which a process runs, and lose hosts under
 * a running job.
 */
final class NetnsHosts {
    static final String H1 = "jckpt-h1";
    static final String H2 = "jckpt-h2";
    static final String H3 = "jckpt-h3";
    static final String H4 = "jckpt-h4";
    static final List<String> ALL = List.of(H1, H2, H3, H4);
    /** The namespace of the bridge the hosts share; host N's veth pair ends there as jckpt-bN. */
    static final String HUB = "jckpt-net";
    static final Path NETNS = Path.of("/run/jckpt-netns");
    /**
     * Heat's grid and run: few iterations of much work each. Each iteration's halo exchange waits
     * for the neighbour's task to be scheduled, which on a loaded machine takes some milliseconds:
     * a run's time there grows with its iterations, not with its work.
     */
    static final int N = 1024;
    static final int ITERS = 1250;
    /** A tenth of a whole run: its sets' interval, as {@code --ckpt-every}. */
    static final String TENTH = Integer.toString(ITERS / 10);
    static final String HEAT = "org.jckpt.examples.Heat";
    /**
     * Open MPI between the namespaces: its daemons started through our rsh agent, TCP on the
     * test network only. The "hosts" share this machine's few cores, which Open MPI cannot know
     * from hostfile slots: unbound ranks that yield when idle keep the run at single-host speed.
     */
    static final Map<String, String> MPI_ENV = Map.of(
            "OMPI_MCA_plm_rsh_agent", NETNS.resolve("rsh").toString(),
            "OMPI_MCA_btl", "self,tcp",
            "OMPI_MCA_oob_tcp_if_include", "198.18.0.0/24",
            "OMPI_MCA_btl_tcp_if_include", "198.18.0.0/24",
            "OMPI_MCA_hwloc_base_binding_policy", "none",
            "OMPI_MCA_mpi_yield_when_idle", "1");

    private NetnsHosts() {
    }

    /**
     * A test class whose tests run on the test hosts: Open MPI is required, the hosts are made
     * before its tests and removed after them (also when making them failed half way). A
     * subclass's own {@code @BeforeClass} methods (other names: these are final) run after
     * {@link #hosts}, and only if it passed.
     */
    abstract static class Suite {
        private boolean calledUp;

        @BeforeClass
        public final void hosts() throws Exception {
            Cli.requireOpenMpi();
            calledUp = true;
            up();
        }

        @AfterClass(alwaysRun = true)
        public final void removeHosts() throws Exception {
            if (calledUp) {
                down();
            }
        }
    }

    /** Makes the hosts, or skips the test class saying why it cannot. */
    static void up() throws Exception {
        if (!Mounts.isRoot()) {
            throw new SkipException("test hosts are network namespaces, which need root");
        }
        Script up = netnsHosts("up");
        if (up.status() != 0) {
            throw new SkipException("ci/netns-hosts.sh up failed: " + up.firstLine());
        }
    }

    static void down() throws Exception {
        Script down = netnsHosts("down");
        assertEquals(down.status(), 0, "ci/netns-hosts.sh down: " + down.out());
    }

    /**
     * Runs Heat on four tasks with {@code --max-restarts 2} from jckpt-h1, on a hostfile giving
     * jckpt-h1 and jckpt-h2 {@code slots} slots each (Open MPI maps by node here: two tasks on
     * each), and loses jckpt-h2 once {@code firstSet} fired; see {@link #runLosing}.
     */
    static Cli.Result runLosingH2(Path dir, int slots, List<String> options, SetAwaiter firstSet) throws Exception {
        Path hostfile = dir.resolve("hosts");
        Files.writeString(hostfile, H1 + " slots=" + slots + "\n" + H2 + " slots=" + slots + "\n");
        return runLosing(hostfile, 4, dir, options, firstSet, Set.of(H2), null);
    }

    /**
     * Runs Heat on {@code tasks} tasks with {@code --ckpt-dir dir --ckpt-every ITERS/10 --max-restarts 2}
     * and {@code options} from jckpt-h1, on {@code hostfile} (Open MPI maps by node here: round robin
     * over its hosts); once {@code awaiter} returned, every host of {@code lost} is lost at once:
     * the job's tasks there killed (there must be one on each), the host made unreachable (its
     * namespace's name removed, so the rsh agent fails as ssh to a dead node would; a process of ours
     * keeps the namespace, and with it the host's veth pair to the bridge), and, unless {@code local}
     * is null, its local directory {@code local.resolve(host)} deleted, its memory gone with it.
     * Returns how the job ended; the lost hosts are back (made anew) when this returns or throws.
     */
    static Cli.Result runLosing(Path hostfile, int tasks, Path dir, List<String> options, SetAwaiter awaiter,
            Set<String> lost, Path local) throws Exception {
        if (lost.contains(H1) || !ALL.containsAll(lost)) {
            throw new IllegalArgumentException("hosts to lose must be test hosts other than " + H1 + ", which launches: " + lost);
        }
        Map<String, String> env = new HashMap<>(MPI_ENV);
        env.put("OMPI_MCA_rmaps_base_mapping_policy", "node"); // Open MPI 4
        env.put("PRTE_MCA_rmaps_default_mapping_policy", "node"); // Open MPI 5 (PRRTE)
        List<String> args = new ArrayList<>(List.of("run", "-np", Integer.toString(tasks), "--hostfile", hostfile.toString(),
                "--ckpt-dir", dir.toString(), "--ckpt-every", TENTH, "--max-restarts", "2"));
        args.addAll(options);
        args.addAll(List.of("--", HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(ITERS)));
        Cli.Running job = Cli.start(List.of(NETNS.resolve("on").toString(), H1), env, args.toArray(String[]::new));
        List<Process> holders = new ArrayList<>();
        try {
            awaiter.await(job);
            Map<Integer, String> hostOfTask = new TreeMap<>();
            List<ProcessHandle> onLost = new ArrayList<>();
            for (int rank = 0; rank < tasks; rank++) {
                ProcessHandle task = Jobs.task(job, rank);
                String host = hostOf(Path.of("/proc", Long.toString(task.pid())));
                hostOfTask.put(rank, host);
                if (lost.contains(host)) {
                    onLost.add(task);
                }
            }
            for (String host : lost) {
                assertTrue(hostOfTask.containsValue(host), "no task on " + host + " to lose; tasks' hosts: " + hostOfTask);
            }
            for (String host : lost) {
                Process holder = new ProcessBuilder("ip", "netns", "exec", host, "sleep", "600").start();
                holders.add(holder);
                while (!hostOf(Path.of("/proc", Long.toString(holder.pid()))).equals(host)) {
                    Thread.sleep(10); // until it has entered the namespace
                }
            }
            for (String host : lost) {
                Mounts.run("ip", "netns", "del", host);
            }
            onLost.forEach(ProcessHandle::destroyForcibly);
            if (local != null) {
                for (String host : lost) {
                    FileTrees.delete(local.resolve(host));
                }
            }
            return job.waitFor(Duration.ofMinutes(15));
        } finally {
            job.killWholeJob();
            for (Process holder : holders) {
                holder.destroyForcibly().waitFor();
            }
            bringBack(lost);
        }
    }

    /** Waits until a job committed its first set, wherever the test looks for it. */
    interface SetAwaiter {
        void await(Cli.Running job) throws Exception;
    }

    /** Makes {@code host} anew after it was lost; see {@link #bringBack(Collection)}. */
    static void bringBack(String host) throws Exception {
        bringBack(List.of(host));
    }

    /**
     * Makes {@code hosts} anew after they were lost (as {@link #runLosing} loses them). A lost
     * host's old namespace lives on while any process is in it (ours are ended, but not every
     * process there need be ours), and with it its veth pair: the pair is removed from its end on
     * the bridge (gone already if the kernel freed the namespace first), and ci/netns-hosts.sh
     * makes the host and its pair anew; the other hosts stay as they are.
     */
    static void bringBack(Collection<String> hosts) throws Exception {
        for (String host : hosts) {
            Process del = new ProcessBuilder("ip", "-n", HUB, "link", "del", hubEnd(host)).redirectErrorStream(true).start();
            del.getInputStream().readAllBytes();
            del.waitFor();
        }
        Script up = netnsHosts("up");
        assertEquals(up.status(), 0, "ci/netns-hosts.sh up: " + up.out());
    }

    /** The end of {@code host}'s veth pair on the bridge, in {@link #HUB}: jckpt-bN for jckpt-hN. */
    static String hubEnd(String host) {
        int i = ALL.indexOf(host);
        if (i < 0) {
            throw new IllegalArgumentException("not a test host: " + host);
        }
        return "jckpt-b" + (i + 1);
    }

    /**
     * {@code bin/jckpt ARGS} run on {@code host} under its own host name, as {@link Cli#start}
     * runs it here; the network namespace's tools run as the same process, so killing the job
     * kills them all.
     */
    static Cli.Running onHost(String host, String... args) throws Exception {
        return Cli.start(List.of(NETNS.resolve("on").toString(), host), MPI_ENV, args);
    }

    /** The test host a process runs on, by its network namespace (a lost host's no longer has a name). */
    static String hostOf(Path proc) throws Exception {
        String ns = Files.readSymbolicLink(proc.resolve("ns/net")).toString();
        for (String host : ALL) {
            try {
                if (ns.equals(namespaceOf(Path.of("/run/netns", host)))) {
                    return host;
                }
            } catch (NoSuchFileException lost) {
                // Not a host now.
            }
        }
        return "elsewhere (" + ns + ")";
    }

    static String namespaceOf(Path netnsFile) throws Exception {
        return "net:[" + Files.getAttribute(netnsFile, "unix:ino") + "]";
    }

    record Script(int status, String out) {
        String firstLine() {
            return out.strip().lines().filter(l -> l.startsWith("netns-hosts:")).findFirst()
                    .orElse(out.strip().lines().findFirst().orElse("(no output)"));
        }
    }

    private static Script netnsHosts(String action) throws Exception {
        Process p = new ProcessBuilder(Cli.HOME.resolve("ci/netns-hosts.sh").toString(), action).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Script(p.waitFor(), out);
    }
}
