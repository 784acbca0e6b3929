package org.jckpt.record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a job's checkpoints cost it, from its {@link CheckpointLog}. A checkpoint's pause is its
 * longest on any task (the program waits for the slowest); run time is the sum of the runs' times
 * from start to end (a run without an end, killed with its launcher, to its last event).
 *
 * @param runs                runs of the job (its first and every restart)
 * @param checkpoints         pauses taken
 * @param committed           sets committed in the checkpoint directory
 * @param failures            why sets were not committed, and why runs failed
 * @param pauseTotalMs        time the program spent paused
 * @param pauseMedianMs       the median pause
 * @param runTimeMs           time the job ran
 * @param pausedPercent       pauseTotalMs as a percentage of runTimeMs
 * @param flushMBps           stored MB per second of flush, over every set flushed in the background
 * @param coalesced           sets superseded before they were flushed
 * @param restarts            every run that started from a set
 * @param redoneSeconds       the work all restarts redid
 * @param intervalUsedSeconds the median time between a pause's end and the next pause's start
 * @param mtbfSeconds         the MTBF asked about, or null
 * @param dalyIntervalSeconds Daly's interval for the median pause and that MTBF, or null
 */
public record JobStats(int runs, int checkpoints, int committed, List<String> failures, long pauseTotalMs,
                       Double pauseMedianMs, long runTimeMs, double pausedPercent, Double flushMBps, int coalesced,
                       List<Restart> restarts, double redoneSeconds, Double intervalUsedSeconds, Long mtbfSeconds,
                       Double dalyIntervalSeconds) {

    /**
     * A run that started from a set.
     *
     * @param redoneSeconds time from the start of that set's checkpoint to the end of the run before, which the
     *                      restart computes again; null when the record does not hold that checkpoint
     */
    public record Restart(String from, Integer fromTag, boolean automatic, Double redoneSeconds) {
    }

    /** The statistics of {@code events}; {@code mtbf} may be null. */
    public static JobStats of(List<LogEvent> events, Duration mtbf) {
        List<LogEvent> pauses = only(events, LogEvent.CHECKPOINT);
        List<Long> pauseMs = pauses.stream().map(LogEvent::pauseMaxMs).filter(Objects::nonNull).toList();
        long total = pauseMs.stream().mapToLong(Long::longValue).sum();
        Double median = Median.of(pauseMs);
        long runTime = runTime(events);
        List<Restart> restarts = restarts(events);
        Double daly = mtbf == null || median == null ? null : Daly.interval(median / 1000, mtbf.toMillis() / 1000.0);
        return new JobStats(only(events, LogEvent.RUN).size(), pauses.size(), only(events, LogEvent.COMMIT).size(),
                failures(events), total, median, runTime, runTime > 0 ? 100.0 * total / runTime : 0, flushMBps(events),
                only(events, LogEvent.COMMIT).stream().mapToInt(e -> e.coalesced() == null ? 0 : e.coalesced().size()).sum(),
                restarts, restarts.stream().mapToDouble(r -> r.redoneSeconds() == null ? 0 : r.redoneSeconds()).sum(),
                intervalUsed(events), mtbf == null ? null : mtbf.toSeconds(), daly);
    }

    private static List<LogEvent> only(List<LogEvent> events, String kind) {
        return events.stream().filter(e -> kind.equals(e.event())).toList();
    }

    /** Sets not committed, and runs that failed, each with its reason. */
    private static List<String> failures(List<LogEvent> events) {
        return events.stream().filter(e -> e.reason() != null)
                .map(e -> (e.tag() == null ? "job" : "set " + e.tag()) + ": " + e.reason()).toList();
    }

    /** Each run from its start to its end, or to its last event; a record without runs from its first event to its last. */
    static long runTime(List<LogEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        long total = 0;
        Long start = events.get(0).event().equals(LogEvent.RUN) ? null : events.get(0).time();
        long last = events.get(0).time();
        for (LogEvent e : events) {
            if (e.event().equals(LogEvent.RUN)) {
                total += start == null ? 0 : last - start;
                start = e.time();
            }
            last = Math.max(last, e.pauseEnd());
            if (e.event().equals(LogEvent.END) && start != null) {
                total += e.time() - start;
                start = null;
            }
        }
        return total + (start == null ? 0 : last - start);
    }

    /** Every restart, with the time from its set's checkpoint to the end of the run before it. */
    static List<Restart> restarts(List<LogEvent> events) {
        Map<Integer, Long> taken = new HashMap<>();
        List<Restart> restarts = new ArrayList<>();
        long last = 0;
        for (LogEvent e : events) {
            if (e.event().equals(LogEvent.RUN) && e.from() != null) {
                Long start = e.fromTag() == null ? null : taken.get(e.fromTag());
                restarts.add(new Restart(e.from(), e.fromTag(), Boolean.TRUE.equals(e.automatic()),
                        start == null ? null : (last - start) / 1000.0));
            }
            if (e.event().equals(LogEvent.CHECKPOINT)) {
                taken.put(e.tag(), e.time());
            }
            last = Math.max(last, e.pauseEnd());
        }
        return restarts;
    }

    /** Stored bytes over the time their flushes took. */
    private static Double flushMBps(List<LogEvent> events) {
        double mb = 0;
        double seconds = 0;
        for (LogEvent e : only(events, LogEvent.COMMIT)) {
            if (e.flushMBps() != null && e.flushMBps() > 0) {
                mb += e.bytes() / 1e6;
                seconds += e.bytes() / 1e6 / e.flushMBps();
            }
        }
        return seconds > 0 ? mb / seconds : null;
    }

    /** The median compute time between checkpoints of one run, in seconds. */
    static Double intervalUsed(List<LogEvent> events) {
        List<Long> gaps = new ArrayList<>();
        LogEvent previous = null;
        for (LogEvent e : events) {
            if (e.event().equals(LogEvent.RUN)) {
                previous = null;
            } else if (e.event().equals(LogEvent.CHECKPOINT)) {
                if (previous != null) {
                    gaps.add(e.time() - previous.pauseEnd());
                }
                previous = e;
            }
        }
        Double median = Median.of(gaps);
        return median == null ? null : median / 1000;
    }
}
