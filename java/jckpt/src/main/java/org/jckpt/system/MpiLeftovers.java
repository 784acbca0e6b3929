package org.jckpt.system;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.store.FileTrees;

/**
 * What killed Open MPI jobs leave on a host: shared-memory segments in {@code /dev/shm} and
 * session directories in the temporary directory, which Open MPI removes only when its own
 * processes end normally. Removes those of this user on this host whose job is gone; a file is
 * kept unless it is established as dead.
 *
 * <p>Names (Open MPI's sources, and what 4.1 and 5.0 make):
 * <ul>
 * <li>segments {@code vader_segment.HOST.UID.JOBID.LOCALRANK} (4.x) and {@code sm_segment.…} (5.x),
 *     JOBID in hex; in 4.x its upper 16 bits are the job family;</li>
 * <li>4.x session directories {@code ompi.HOST.UID/pid.PID} (mpirun's, whose {@code contact.txt}
 *     starts with the job family's jobid) and {@code ompi.HOST.UID/jf.FAMILY} (an orted's, whose
 *     command line carries {@code ess_base_jobid});</li>
 * <li>5.x session directories {@code prterun.HOST.PID.UID} (prterun's; prted's likewise).</li>
 * </ul>
 * A session directory is live while a process maps or holds open a file in it (mpirun, orted,
 * prterun and the tasks all map PMIx's shared stores there), while the pid in its name is an Open
 * MPI launcher or daemon, while an orted of its family runs, or while it is young. A segment is
 * live while a process maps it (every task of the host maps all its segments from MPI_Init on),
 * while its job family has a live session directory, or while it is young (created a moment
 * before its task maps it).
 */
public final class MpiLeftovers {
    /** Younger files may be a starting job's, not yet mapped. */
    public static final Duration YOUNG = Duration.ofSeconds(10);
    /** The most time spent on this before a job starts. */
    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final Set<String> OPEN_MPI_PROCESSES =
            Set.of("mpirun", "mpiexec", "orterun", "oshrun", "orted", "prterun", "prte", "prted");
    private static final Pattern SEGMENT = Pattern.compile("(?:vader|sm)_segment\\.(.+)\\.(\\d+)\\.([0-9a-f]{1,8})\\.\\d+");
    private static final Pattern OMPI4_TOP = Pattern.compile("ompi\\.(.+)\\.(\\d+)");
    private static final Pattern OMPI4_JOB = Pattern.compile("(pid|jf)\\.(\\d+)");
    private static final Pattern PRRTE_JOB = Pattern.compile("(?:prterun|prte|prted)\\.(.+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern ORTED_JOBID = Pattern.compile("ess_base_jobid\\s+(\\d+)");

    private final Path shm;
    private final Path tmp;
    private final Set<String> hostNames;
    private final int uid;

    /** A job's session directory; pid and family are -1 where the name does not say. */
    private record Session(Path dir, long pid, long family) {
    }

    /** What one cleanup removed. */
    public record Removed(int segments, int sessionDirs) {
        public boolean any() {
            return segments + sessionDirs > 0;
        }

        /** "4 shared-memory segments and 1 session directory". */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (segments > 0) {
                parts.add(segments + (segments == 1 ? " shared-memory segment" : " shared-memory segments"));
            }
            if (sessionDirs > 0) {
                parts.add(sessionDirs + (sessionDirs == 1 ? " session directory" : " session directories"));
            }
            return String.join(" and ", parts);
        }
    }

    MpiLeftovers(Path shm, Path tmp, String host, int uid) {
        this.shm = shm;
        this.tmp = tmp;
        this.hostNames = new HashSet<>(List.of(host, host.split("\\.", 2)[0]));
        this.uid = uid;
    }

    /**
     * Removes the leftovers of killed jobs on this host, within a few seconds, and says on
     * {@code err} in one line what it removed, if anything. Never fails the caller: a cleanup
     * that cannot be done is reported and skipped.
     */
    public static void cleanHere(Map<String, String> env, String where, PrintStream err) {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        try {
            // Real paths: /proc names files by them.
            MpiLeftovers here = new MpiLeftovers(realPath(Path.of("/dev/shm")), realPath(tmpDir(env)), Hosts.thisHost(), currentUid());
            ProcessTable processes = ProcessTable.read(Path.of("/proc"), List.of(here.shm, here.tmp), deadline);
            Removed removed = here.clean(processes, Instant.now(), deadline);
            if (removed.any()) {
                err.println("jckpt: " + where + "removed " + removed.describe() + " left by killed jobs");
            }
        } catch (IOException | RuntimeException e) { // A cleanup that fails must not stop the job.
            err.println("jckpt: " + where + "left Open MPI's files of killed jobs in place: " + e.getMessage());
        }
    }

    /**
     * The task side, for the hosts of a multi-host job other than the launcher's (which the launcher
     * cleaned): the host's first task cleans it before the program starts (a short job could end
     * before a background cleanup did), for the MPI its launcher's variables name (Open MPI's local
     * rank, or Hydra's). This runs after MPI_Init, so the job's own files exist; its processes map
     * them, so they are live.
     */
    public static void cleanFromTask(Map<String, String> env, String control, String host) {
        boolean launcherHost = control != null && Hosts.isThisHost(control.substring(0, control.lastIndexOf(':')));
        if (launcherHost) {
            return;
        }
        String where = "on " + host + ": ";
        if ("0".equals(env.get("OMPI_COMM_WORLD_LOCAL_RANK"))) {
            cleanHere(env, where, System.err);
        } else if ("0".equals(env.get("MPI_LOCALRANKID"))) {
            MpichLeftovers.cleanHere(where, System.err);
        }
    }

    /** Open MPI's base for session directories: the first of TMPDIR, TEMP, TMP that is set, else /tmp. */
    static Path tmpDir(Map<String, String> env) {
        return Stream.of("TMPDIR", "TEMP", "TMP").map(env::get).filter(v -> v != null && !v.isEmpty())
                .findFirst().map(Path::of).orElse(Path.of("/tmp"));
    }

    private static Path realPath(Path p) throws IOException {
        return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
    }

    static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** Removes what dead jobs left, as {@code processes} shows them at {@code now}; stops at {@code deadlineNanos}. */
    Removed clean(ProcessTable processes, Instant now, long deadlineNanos) throws IOException {
        Dead dead = dead(processes, now);
        return new Removed(remove(dead.segments(), deadlineNanos), remove(dead.sessionDirs(), deadlineNanos));
    }

    /** What dead jobs left. */
    record Dead(List<Path> segments, List<Path> sessionDirs) {
    }

    Dead dead(ProcessTable processes, Instant now) throws IOException {
        Set<Long> liveFamilies = ortedFamilies(processes);
        List<Path> deadSessions = new ArrayList<>();
        for (Session s : sessions()) {
            if (!isLive(s, processes, liveFamilies, now)) {
                deadSessions.add(s.dir());
            } else if (s.family() >= 0) {
                liveFamilies.add(s.family());
            }
        }
        List<Path> deadSegments = new ArrayList<>();
        for (Path seg : segments()) {
            if (!isLive(seg, processes, liveFamilies, now)) {
                deadSegments.add(seg);
            }
        }
        return new Dead(deadSegments, deadSessions);
    }

    private boolean isLive(Session s, ProcessTable processes, Set<Long> liveFamilies, Instant now) {
        return young(s.dir(), now) || processes.uses(s.dir()) || (s.pid() >= 0 && processes.runs(s.pid(), OPEN_MPI_PROCESSES))
                || (s.family() >= 0 && liveFamilies.contains(s.family()));
    }

    private boolean isLive(Path segment, ProcessTable processes, Set<Long> liveFamilies, Instant now) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        return !m.matches() || young(segment, now) || processes.uses(segment)
                || liveFamilies.contains(Long.parseLong(m.group(3), 16) >>> 16);
    }

    /** Whether {@code p} changed lately; a file gone meanwhile counts as young: it is not ours to remove. */
    private static boolean young(Path p, Instant now) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(now.minus(YOUNG));
        } catch (IOException e) {
            return true;
        }
    }

    /** The job families of the orteds running here: their jobid is on their command line. */
    private static Set<Long> ortedFamilies(ProcessTable processes) {
        Set<Long> families = new HashSet<>();
        processes.all().filter(p -> p.command().equals("orted")).forEach(p -> {
            Matcher m = ORTED_JOBID.matcher(String.join(" ", p.arguments()));
            if (m.find()) {
                families.add(Long.parseLong(m.group(1)) >>> 16);
            }
        });
        return families;
    }

    /** This user's segments made on this host. */
    private List<Path> segments() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path p : list(shm)) {
            Matcher m = SEGMENT.matcher(p.getFileName().toString());
            if (m.matches() && hostNames.contains(m.group(1)) && Integer.parseInt(m.group(2)) == uid && ours(p)) {
                found.add(p);
            }
        }
        return found;
    }

    /** This user's session directories made on this host, each one job's (4.x: below the user's directory). */
    private List<Session> sessions() throws IOException {
        List<Session> found = new ArrayList<>();
        for (Path p : list(tmp)) {
            String name = p.getFileName().toString();
            Matcher top = OMPI4_TOP.matcher(name);
            Matcher prrte = PRRTE_JOB.matcher(name);
            if (top.matches() && hostNames.contains(top.group(1)) && Integer.parseInt(top.group(2)) == uid && ours(p)) {
                found.addAll(ompi4Sessions(p));
            } else if (prrte.matches() && hostNames.contains(prrte.group(1)) && Integer.parseInt(prrte.group(3)) == uid && ours(p)) {
                found.add(new Session(p, Long.parseLong(prrte.group(2)), -1));
            }
        }
        return found;
    }

    private List<Session> ompi4Sessions(Path userDir) throws IOException {
        List<Session> found = new ArrayList<>();
        for (Path p : list(userDir)) {
            Matcher m = OMPI4_JOB.matcher(p.getFileName().toString());
            if (m.matches() && ours(p)) {
                long n = Long.parseLong(m.group(2));
                found.add(m.group(1).equals("pid") ? new Session(p, n, mpirunFamily(p)) : new Session(p, -1, n));
            }
        }
        return found;
    }

    /** mpirun's job family: its contact file starts with "JOBID.VPID;"; -1 while there is none. */
    private static long mpirunFamily(Path session) {
        try {
            String contact = Files.readString(session.resolve("contact.txt"), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("^(\\d+)\\.").matcher(contact);
            return m.find() ? Long.parseLong(m.group(1)) >>> 16 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private boolean ours(Path p) {
        return ownedBy(p, uid);
    }

    /** Whether {@code p} (a file, or a process's {@code /proc} directory) belongs to {@code owner}. */
    static boolean ownedBy(Path p, int owner) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) == owner;
        } catch (IOException e) {
            return false; // Gone meanwhile.
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** Removes {@code paths} until the deadline; how many it removed (one another process removes first is not counted). */
    static int remove(List<Path> paths, long deadlineNanos) {
        int removed = 0;
        for (Path p : paths) {
            if (System.nanoTime() > deadlineNanos) {
                break;
            }
            try {
                FileTrees.delete(p);
                removed++;
            } catch (IOException e) {
                // Removed meanwhile by another cleanup, or not removable: nothing to say per file.
            }
        }
        return removed;
    }
}
