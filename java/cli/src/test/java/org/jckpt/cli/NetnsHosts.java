package org.jckpt.cli;

import static org.testng.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jckpt.store.FileTrees;
import org.testng.SkipException;

/**
 * The two test hosts, jckpt-h1 and jckpt-h2: network namespaces on this machine (ci/netns-hosts.sh;
 * root only) that share its file systems as cluster nodes share a home and a checkpoint directory;
 * how to run jckpt on one, tell on which a process runs, and lose jckpt-h2 under a running job.
 */
final class NetnsHosts {
    static final String H1 = "jckpt-h1";
    static final String H2 = "jckpt-h2";
    static final Path NETNS = Path.of("/run/jckpt-netns");
    static final int N = 256;
    static final int ITERS = 40_000;
    static final String HEAT = "org.jckpt.examples.Heat";
    /**
     * Open MPI between the namespaces: its daemons started through our rsh agent, TCP on the
     * test network only. Both "hosts" share this machine's few cores, which Open MPI cannot know
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

    /** Makes the two hosts, or skips the test class saying why it cannot. */
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
     * Runs Heat on four tasks with {@code --max-restarts 2} from jckpt-h1, on a hostfile giving each
     * host {@code slots} slots (Open MPI maps by node here: two tasks on each); once a set
     * committed, both tasks on jckpt-h2 are killed and that host made unreachable (its namespace's
     * name removed, so the rsh agent fails as ssh to a dead node would; a process of ours keeps the
     * namespace, and with it jckpt-h1's end of the veth pair). Returns how the job ended.
     */
    static Cli.Result runLosingH2(Path dir, int slots, List<String> options, SetAwaiter firstSet, Path h2Local)
            throws Exception {
        Path hostfile = dir.resolve("hosts");
        Files.writeString(hostfile, H1 + " slots=" + slots + "\n" + H2 + " slots=" + slots + "\n");
        Map<String, String> env = new HashMap<>(MPI_ENV);
        env.put("OMPI_MCA_rmaps_base_mapping_policy", "node"); // Open MPI 4
        env.put("PRTE_MCA_rmaps_default_mapping_policy", "node"); // Open MPI 5 (PRRTE)
        List<String> args = new ArrayList<>(List.of("run", "-np", "4", "--hostfile", hostfile.toString(), "--ckpt-dir",
                dir.toString(), "--ckpt-every", "4000", "--max-restarts", "2"));
        args.addAll(options);
        args.addAll(List.of("--", HEAT, "--n", Integer.toString(N), "--iters", Integer.toString(ITERS)));
        Cli.Running job = Cli.start(List.of(NETNS.resolve("on").toString(), H1), env, args.toArray(String[]::new));
        Process holder = null;
        try {
            firstSet.await(job);
            List<ProcessHandle> onH2 = new ArrayList<>();
            for (int rank = 0; rank < 4; rank++) {
                ProcessHandle task = Jobs.task(job, rank);
                if (hostOf(Path.of("/proc", Long.toString(task.pid()))).equals(H2)) {
                    onH2.add(task);
                }
            }
            assertEquals(onH2.size(), 2, "two tasks on " + H2);
            holder = new ProcessBuilder("ip", "netns", "exec", H2, "sleep", "600").start();
            while (!hostOf(Path.of("/proc", Long.toString(holder.pid()))).equals(H2)) {
                Thread.sleep(10); // until it has entered the namespace
            }
            Mounts.run("ip", "netns", "del", H2);
            onH2.forEach(ProcessHandle::destroyForcibly);
            if (h2Local != null) {
                FileTrees.delete(h2Local); // its memory, gone with it
            }
            return job.waitFor(Duration.ofMinutes(15));
        } finally {
            job.killWholeJob();
            if (holder != null) {
                holder.destroyForcibly().waitFor();
            }
            bringBackH2();
        }
    }

    /** Waits until a job committed its first set, wherever the test looks for it. */
    interface SetAwaiter {
        void await(Cli.Running job) throws Exception;
    }

    /**
     * Makes jckpt-h2 anew after {@link #runLosingH2}. Its old namespace lives on while any process
     * is in it (ours are ended, but not every process there need be ours), and with it the veth
     * pair: the pair is removed from jckpt-h1's end (gone already if the kernel freed the namespace
     * first), and ci/netns-hosts.sh makes both anew.
     */
    static void bringBackH2() throws Exception {
        Process del = new ProcessBuilder("ip", "-n", H1, "link", "del", "jckpt-v1").redirectErrorStream(true).start();
        del.getInputStream().readAllBytes();
        del.waitFor();
        Script up = netnsHosts("up");
        assertEquals(up.status(), 0, "ci/netns-hosts.sh up: " + up.out());
    }

    /**
     * {@code bin/jckpt ARGS} run on {@code host} under its own host name, as {@link Cli#start}
     * runs it here; the network namespace's tools run as the same process, so killing the job
     * kills them all.
     */
    static Cli.Running onHost(String host, String... args) throws Exception {
        return Cli.start(List.of(NETNS.resolve("on").toString(), host), MPI_ENV, args);
    }

    /** The test host a process runs on, by its network namespace. */
    static String hostOf(Path proc) throws Exception {
        String ns = Files.readSymbolicLink(proc.resolve("ns/net")).toString();
        for (String host : List.of(H1, H2)) {
            if (ns.equals(namespaceOf(Path.of("/run/netns", host)))) {
                return host;
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
