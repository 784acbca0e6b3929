package org.jckpt.system;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jckpt.system.ProcessTable.Proc;
import org.testng.SkipException;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/** Fake /dev/shm and /tmp trees with Open MPI 4 and 5 names, and fake processes, live and dead. */
public class MpiLeftoversTest {
    private static final String HOST = "node1";
    private static final Instant NOW = Instant.now();
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private Path shm;
    private Path tmp;
    private int uid;
    private MpiLeftovers leftovers;

    @BeforeMethod
    public void trees() throws IOException {
        shm = Files.createTempDirectory("shm");
        tmp = Files.createTempDirectory("tmp");
        uid = MpiLeftovers.currentUid();
        leftovers = new MpiLeftovers(shm, tmp, HOST + ".example.org", uid);
    }

    @Test
    public void aKilledOpenMpi4JobsSegmentsAndSessionDirectoryGo() throws Exception {
        Path session = ompi4Session("pid.100", 0x1234);
        List<Path> segments = segments("vader", 0x12340001, 4);
        MpiLeftovers.Removed removed = leftovers.clean(processes(), NOW, NO_DEADLINE);
        assertEquals(removed, new MpiLeftovers.Removed(4, 1));
        assertEquals(removed.describe(), "4 shared-memory segments and 1 session directory");
        segments.forEach(s -> assertFalse(Files.exists(s), s.toString()));
        assertFalse(Files.exists(session));
        assertTrue(Files.isDirectory(session.getParent()), "the user's directory stays: a starting mpirun may be entering it");
    }

    @Test
    public void aRunningMpirunKeepsItsSessionAndItsFamilysSegmentsEvenUnmapped() throws Exception {
        Path session = ompi4Session("pid.200", 0x2222);
        List<Path> segments = segments("vader", 0x22220001, 2);
        assertEquals(leftovers.clean(processes(proc(200, "mpirun")), NOW, NO_DEADLINE), new MpiLeftovers.Removed(0, 0));
        assertTrue(Files.exists(session));
        segments.forEach(s -> assertTrue(Files.exists(s), s.toString()));
    }

    @Test
    public void aReusedPidIsNoLauncher() throws Exception {
        Path session = ompi4Session("pid.400", 0x4444);
        assertEquals(leftovers.clean(processes(proc(400, "bash")), NOW, NO_DEADLINE), new MpiLeftovers.Removed(0, 1));
        assertFalse(Files.exists(session));
    }

    @Test
    public void filesInUseAreLiveWhateverTheNamesSay() throws Exception {
        // A task still maps its segment after its mpirun died; a session directory's name may carry a
        // pid that is not the real one (DMTCP's virtual pids), but its processes map PMIx's stores there.
        Path segment = segments("vader", 0x33330001, 1).get(0);
        Path session = ompi4Session("pid.40000", 0x3434);
        Path store = Files.createDirectories(session.resolve("pmix_dstor_ds21_40000")).resolve("smseg-0");
        Files.createFile(store);
        old(session);
        ProcessTable table = processes(proc(300, "java", segment), proc(301, "java", store));
        assertEquals(leftovers.clean(table, NOW, NO_DEADLINE), new MpiLeftovers.Removed(0, 0));
        assertTrue(Files.exists(segment));
        assertTrue(Files.exists(session));
    }

    @Test
    public void anOrtedsFamilyIsLiveOnItsHost() throws Exception {
        Path live = ompi4Session("jf.21845", -1);
        Path dead = ompi4Session("jf.26214", -1);
        List<Path> liveSegments = segments("vader", 0x55550001, 2);
        Proc orted = new Proc(500, "orted", List.of("/usr/bin/orted", "-mca", "ess", "env", "-mca", "ess_base_jobid",
                Long.toString(0x5555L << 16), "-mca", "ess_base_vpid", "1"), Set.of());
        assertEquals(leftovers.clean(processes(orted), NOW, NO_DEADLINE), new MpiLeftovers.Removed(0, 1));
        assertTrue(Files.exists(live));
        assertFalse(Files.exists(dead));
        liveSegments.forEach(s -> assertTrue(Files.exists(s), s.toString()));
    }

    @Test
    public void openMpi5NamesAreRecognised() throws Exception {
        Path deadSession = prrteSession(700);
        Path liveSession = prrteSession(800);
        List<Path> deadSegments = segments("sm", 0xabcd0001L, 2);
        Path liveSegment = segments("sm", 0x68be0001, 1).get(0);
        ProcessTable table = processes(proc(800, "prterun"), proc(801, "java", liveSegment));
        assertEquals(leftovers.clean(table, NOW, NO_DEADLINE), new MpiLeftovers.Removed(2, 1));
        assertFalse(Files.exists(deadSession));
        assertTrue(Files.exists(liveSession));
        deadSegments.forEach(s -> assertFalse(Files.exists(s), s.toString()));
        assertTrue(Files.exists(liveSegment));
    }

    @Test
    public void youngFilesOtherHostsAndOtherUsersNamesAreLeft() throws Exception {
        Path young = Files.createFile(shm.resolve("vader_segment." + HOST + "." + uid + ".77770001.0"));
        Path otherHost = old(Files.createFile(shm.resolve("vader_segment.node2." + uid + ".77770001.0")));
        Path otherUser = old(Files.createFile(shm.resolve("vader_segment." + HOST + "." + (uid + 1) + ".77770001.0")));
        Path otherUsersDir = old(Files.createDirectories(tmp.resolve("ompi." + HOST + "." + (uid + 1)).resolve("pid.9")));
        Path unknown = old(Files.createFile(shm.resolve("psm2_shm." + HOST)));
        assertEquals(leftovers.clean(processes(), NOW, NO_DEADLINE), new MpiLeftovers.Removed(0, 0));
        for (Path p : List.of(young, otherHost, otherUser, otherUsersDir, unknown)) {
            assertTrue(Files.exists(p), p.toString());
        }
    }

    @Test
    public void aFileOwnedByAnotherUserIsLeftWhateverItsName() throws Exception {
        if (uid != 0) {
            throw new SkipException("giving a file to another user needs root");
        }
        Path segment = segments("vader", 0x88880001, 1).get(0);
        Files.setAttribute(segment, "unix:uid", 4242);
        assertEquals(leftovers.clean(processes(), NOW, NO_DEADLINE), new MpiLeftovers.Removed(0, 0));
        assertTrue(Files.exists(segment));
    }

    @Test
    public void theDeadlineStopsRemoval() throws Exception {
        segments("vader", 0x99990001, 3);
        assertEquals(leftovers.clean(processes(), NOW, System.nanoTime() - 1), new MpiLeftovers.Removed(0, 0));
    }

    @Test
    public void scansAmongProcessesThatComeAndGoNeverFailAndLeaveALiveProcesssFiles() throws Exception {
        // Real paths: /proc names files by them.
        Path realShm = shm.toRealPath();
        MpiLeftovers here = new MpiLeftovers(realShm, tmp.toRealPath(), HOST + ".example.org", uid);
        List<Path> held = segments("vader", 0x12120001, 2);
        // The live process holds its segments for the whole test, as a task does.
        Process live = shell("exec 3<" + held.get(0) + " 4<" + held.get(1) + "; exec sleep 600");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger churned = new AtomicInteger();
        Thread churn = new Thread(() -> {
            // Short-lived processes that hold old segments of their own, which are theirs to lose once they exit.
            for (int n = 0; !done.get(); n++) {
                String segment = realShm.resolve("vader_segment." + HOST + "." + uid + ".3434" + (n % 10) + "0001.0").toString();
                try {
                    shell(": > " + segment + "; touch -d '1 minute ago' " + segment + "; exec 3<" + segment + "; sleep 0.0" + n % 3)
                            .waitFor();
                    churned.incrementAndGet();
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        churn.start();
        try {
            awaitProcess(live, held.get(1));
            for (int scan = 0; scan < 1000; scan++) {
                long deadline = System.nanoTime() + 60_000_000_000L;
                here.clean(ProcessTable.read(Path.of("/proc"), List.of(realShm, tmp.toRealPath()), deadline), Instant.now(), deadline);
                for (Path f : held) {
                    assertTrue(Files.exists(f), "scan " + scan + " removed " + f + ", which a live process holds");
                }
            }
        } finally {
            done.set(true);
            churn.join();
            live.destroyForcibly().waitFor();
        }
        assertTrue(churned.get() > 10, "processes came and went during the scans: " + churned.get());
    }

    private static Process shell(String script) throws IOException {
        return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits until {@code process} holds {@code file} open. */
    private static void awaitProcess(Process process, Path file) throws Exception {
        for (long end = System.nanoTime() + 60_000_000_000L; System.nanoTime() < end; Thread.sleep(10)) {
            ProcessTable table = ProcessTable.read(Path.of("/proc"), List.of(file.getParent()), Long.MAX_VALUE);
            if (table.all().anyMatch(p -> p.pid() == process.pid() && p.files().contains(file))) {
                return;
            }
        }
        throw new AssertionError("process " + process.pid() + " never opened " + file);
    }

    @Test
    public void theTemporaryDirectoryIsOpenMpis() {
        assertEquals(MpiLeftovers.tmpDir(Map.of("TMP", "/c", "TEMP", "/b")), Path.of("/b"));
        assertEquals(MpiLeftovers.tmpDir(Map.of("TMPDIR", "", "TMP", "/c")), Path.of("/c"));
        assertEquals(MpiLeftovers.tmpDir(Map.of()), Path.of("/tmp"));
    }

    /** A 4.x job directory below the user's; {@code family} goes in mpirun's contact file (none if negative). */
    private Path ompi4Session(String name, long family) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ompi." + HOST + "." + uid).resolve(name));
        Files.createDirectories(dir.resolve("1").resolve("0"));
        if (family >= 0) {
            Files.writeString(dir.resolve("contact.txt"), (family << 16) + ".0;tcp://192.0.2.2:52769\n" + name.substring(4) + "\n");
        }
        return old(dir);
    }

    private Path prrteSession(long pid) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("prterun." + HOST + "." + pid + "." + uid));
        Files.createFile(dir.resolve("hwloc.sm"));
        return old(dir);
    }

    private List<Path> segments(String kind, long jobid, int tasks) throws IOException {
        List<Path> made = new ArrayList<>();
        for (int rank = 0; rank < tasks; rank++) {
            made.add(old(Files.createFile(shm.resolve(kind + "_segment." + HOST + "." + uid + "." + Long.toHexString(jobid) + "." + rank))));
        }
        return made;
    }

    private static Path old(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(MpiLeftovers.YOUNG).minusSeconds(1)));
        return p;
    }

    private static Proc proc(long pid, String command, Path... files) {
        return new Proc(pid, command, List.of(command), Set.of(files));
    }

    private static ProcessTable processes(Proc... procs) {
        return new ProcessTable(List.of(procs));
    }
}
