package org.jckpt.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One line of a job's checkpoint record; fields that do not apply to an event are left out. Times
 * are milliseconds since the epoch.
 *
 * @param event        {@code run} (a run of the job started), {@code checkpoint} (a pause ended on every task),
 *                     {@code commit} (a set committed in the checkpoint directory, or
 *                     on the node-local level only where it has no {@code globalCommit}), {@code failure} (a set not
 *                     committed), {@code end} (a run ended; with a reason when it failed)
 * @param time         when it happened; for {@code checkpoint}, when the pause started
 * @param tag          the set's tag
 * @param kind         for {@code checkpoint}: a {@link CheckpointKind} label
 * @param pauseMedianMs the pause's median over tasks
 * @param pauseMaxMs   the pause's longest on any task: what the program waited
 * @param bytes        the set's task files as stored
 * @param rawBytes     the state they hold, before compression
 * @param localCommit  when the set committed on the node-local level (background flush only)
 * @param globalCommit when the set committed in the checkpoint directory; null for a set kept on the local level only
 * @param flushMBps    stored MB (10^6 bytes) per second from the flush's start to the global commit
 * @param codecRatio   raw bytes / stored bytes
 * @param coalesced    the sets this one superseded before they were flushed
 * @param reason       why a set was not committed, or why a run failed; on a commit, that a later run recorded it
 * @param from         a run's restart set file, null for a fresh start
 * @param fromTag      that set's tag
 * @param automatic    whether the launcher restarted the job on its own ({@code --max-restarts})
 * @param restarts     automatic restarts before this run
 * @param tasks        the run's task count
 * @param status       a run's exit status
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogEvent(String event, long time, Integer tag, String kind, Long pauseMedianMs, Long pauseMaxMs, Long bytes,
                       Long rawBytes, Long localCommit, Long globalCommit, Double flushMBps, Double codecRatio,
                       List<Integer> coalesced, String reason, String from, Integer fromTag, Boolean automatic,
                       Integer restarts, Integer tasks, Integer status) {
    public static final String RUN = "run";
    public static final String CHECKPOINT = "checkpoint";
    public static final String COMMIT = "commit";
    public static final String FAILURE = "failure";
    public static final String END = "end";

    public static LogEvent checkpoint(int tag, CheckpointKind kind, long start, long medianMs, long maxMs) {
        return new LogEvent(CHECKPOINT, start, tag, kind.label(), medianMs, maxMs, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** A committed set; {@code localCommit} and {@code flushMBps} are null when it was written in the pause. */
    public static LogEvent commit(int tag, long bytes, long rawBytes, Long localCommit, long globalCommit, Double flushMBps,
                                  List<Integer> coalesced) {
        double ratio = bytes == 0 ? 1 : (double) rawBytes / bytes;
        return new LogEvent(COMMIT, globalCommit, tag, null, null, null, bytes, rawBytes, localCommit, globalCommit, flushMBps,
                ratio, coalesced.isEmpty() ? null : List.copyOf(coalesced), null, null, null, null, null, null, null);
    }

    /** A set committed on the node-local level and not flushed ({@code --flush-every}): no global commit. */
    public static LogEvent localCommit(int tag, long bytes, long rawBytes, long localCommit) {
        double ratio = bytes == 0 ? 1 : (double) rawBytes / bytes;
        return new LogEvent(COMMIT, localCommit, tag, null, null, null, bytes, rawBytes, localCommit, null, null, ratio, null,
                null, null, null, null, null, null, null);
    }

    /** This commit, {@code why} it is recorded late. */
    public LogEvent recordedLate(String why) {
        return new LogEvent(event, time, tag, kind, pauseMedianMs, pauseMaxMs, bytes, rawBytes, localCommit, globalCommit, flushMBps,
                codecRatio, coalesced, why, from, fromTag, automatic, restarts, tasks, status);
    }

    /** Set {@code tag} not committed, for {@code reason}. */
    public static LogEvent failure(int tag, long time, String reason) {
        return new LogEvent(FAILURE, time, tag, null, null, null, null, null, null, null, null, null, null, reason, null,
                null, null, null, null, null);
    }

    public static LogEvent run(long time, int tasks, String from, Integer fromTag, boolean automatic, int restarts) {
        return new LogEvent(RUN, time, null, null, null, null, null, null, null, null, null, null, null, null, from, fromTag,
                automatic, restarts, tasks, null);
    }

    public static LogEvent end(long time, int status, String reason) {
        return new LogEvent(END, time, null, null, null, null, null, null, null, null, null, null, null, reason, null, null,
                null, null, null, status);
    }

    /** The pause's end: when the program went on. */
    long pauseEnd() {
        return time + (pauseMaxMs == null ? 0 : pauseMaxMs);
    }
}
