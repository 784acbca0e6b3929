package org.jckpt.engine.app.flush;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jckpt.control.ControlClient;
import org.jckpt.control.Coordinator;
import org.jckpt.control.RequestKind;
import org.jckpt.control.SafePoints;
import org.jckpt.engine.app.taskfile.SetRecord;
import org.jckpt.engine.app.taskfile.WrittenFile;
import org.jckpt.record.CheckpointLog;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;
import org.jckpt.store.SetNaming;
import org.testng.annotations.Test;

/**
 * Task 0's schedule of one task's sets, driven event by event: no flush runs, so the order of
 * events is the test's, not the machine's.
 */
public class FlushScheduleTest {

    /**
     * A system-initiated checkpoint's set waits while another flushes, and a newer set is written
     * synchronously meanwhile (the flush fell too far behind): the request has that newer set.
     */
    @Test(timeOut = 60_000)
    public void aRequestWhoseSetASynchronousSetSupersededHasTheNewerSet() throws Exception {
        withSchedule((schedule, request, asked, global) -> {
            schedule.taking(0, Map.of());
            sealed(schedule, 0); // flushes
            schedule.taking(1, Map.of());
            schedule.answerWhenCommitted(1, request);
            sealed(schedule, 1); // waits for set 0's flush
            schedule.committedSync(2);
            assertEquals(asked.get(30, TimeUnit.SECONDS), global.setFile(2).toString());
        });
    }

    /**
     * Task 0 copied a set that was then written synchronously (another task had no room): its note
     * of the set goes with the commit, so a request handed on from an older set dropped later has
     * the synchronous set, and the program's end does not wait for a set that will never flush.
     */
    @Test(timeOut = 60_000)
    public void aSynchronousSetThatTaskZeroCopiedLeavesNoRequestWaiting() throws Exception {
        withSchedule((schedule, request, asked, global) -> {
            schedule.taking(1, Map.of());
            schedule.answerWhenCommitted(1, request);
            schedule.taking(2, Map.of()); // task 0's copy; another task's lack of room writes set 2 through
            schedule.committedSync(2);
            sealed(schedule, 1); // superseded by set 2: dropped
            assertEquals(asked.get(30, TimeUnit.SECONDS), global.setFile(2).toString());
            assertTrue(schedule.drain(Duration.ofSeconds(20)), "the schedule waits for a set written synchronously");
        });
    }

    /**
     * The order SizeChangingStateIT met beside two busy loops: a set written synchronously where
     * task 0 had no room (so no note of it), then task 0 copies the next set, which is written
     * synchronously too; only then is the request's own set checksummed, and dropped. The request
     * has the committed set at once: it once went to the note of the set being written, and was lost with it.
     */
    @Test(timeOut = 60_000)
    public void aRequestWhoseSetWasSupersededHasTheCommittedSetAtOnce() throws Exception {
        withSchedule((schedule, request, asked, global) -> {
            schedule.taking(1, Map.of());
            schedule.answerWhenCommitted(1, request);
            schedule.committedSync(2);
            schedule.taking(3, Map.of()); // task 0's copy, being written through
            sealed(schedule, 1);
            assertEquals(asked.get(30, TimeUnit.SECONDS), global.setFile(2).toString());
            schedule.committedSync(3);
            assertTrue(schedule.drain(Duration.ofSeconds(20)), "the schedule waits for a set written synchronously");
        });
    }

    /** A test's events, given the schedule, the coordinator's first request (reached) and its outcome. */
    private interface Events {
        void run(FlushSchedule schedule, String request, CompletableFuture<String> asked, SetNaming global) throws Exception;
    }

    /** Runs {@code events} on the schedule of a one-task job whose coordinator has one system request out. */
    private static void withSchedule(Events events) throws Exception {
        Path dir = Files.createTempDirectory("schedule");
        SetNaming global = new SetNaming(dir, "job");
        SetNaming local = new SetNaming(Files.createDirectories(dir.resolve("local")), "job");
        try (Coordinator coordinator = new Coordinator("secret", 1);
             ControlClient control = new ControlClient("127.0.0.1:" + coordinator.port(), "secret", 0, new SafePoints());
             FlushSchedule schedule = schedule(global, local, control)) {
            CompletableFuture<String> asked = coordinator.request(RequestKind.TAKE);
            String request = "r1"; // the coordinator's first request
            control.reached(request);
            events.run(schedule, request, asked, global);
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static FlushSchedule schedule(SetNaming global, SetNaming local, ControlClient control) {
        return new FlushSchedule(1, global, local, FileModes.OWNER_ONLY, 2,
                new SetRecord(new CheckpointSet.Program("Main", List.of(), "", Map.of())),
                new CheckpointLog(global, FileModes.OWNER_ONLY, new PrintStream(OutputStream.nullOutputStream())), control, null, 1);
    }

    /** The only task's copy of set {@code tag} is checksummed. */
    private static void sealed(FlushSchedule schedule, int tag) {
        WrittenFile copy = new WrittenFile("host", "job.0." + tag, new Checksummed(0, 0), new CheckpointSet.IndexEntry(0, "0"));
        schedule.report(("0\t" + FlushSchedule.SEALED + "\t" + tag + "\t\t" + copy.encode()).split("\t", -1));
    }
}
