package org.jckpt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jckpt.store.GentleFileWriter.Options;
import org.jckpt.system.DaemonThreads;
import org.jckpt.system.FileHints;
import org.jckpt.system.GentleIo;
import org.jckpt.system.IoPriority;

/**
 * Measures what each trick of {@link GentleFileWriter} does here: 4 files of 256 MiB copied from
 * a tmpfs (or any source directory) to a disk directory by 4 threads (one per task, as the
 * flusher does), against dd of the same files in the same run. Per configuration and
 * repetition, in an order that rotates between repetitions: (a) the copy alone: MB/s, the
 * longest final fsync, the peak of the machine's dirty plus write-back memory, and what is left
 * in the page cache (copies, sources, and a 256 MiB file the "program" read before); (b) the
 * same copy while 2 threads run a double-array stencil: the stencil's iteration rate against
 * the mean of its rates in the 2 s just before and just after; (c) the program's own cold reads of its file, before and during a copy.
 * Prints each measurement, then medians with [min..max].
 * Run: {@code java -cp <test classpath> org.jckpt.store.GentleFlushBench DISK_DIR [REPS] [TMPFS_DIR] [CONFIG,...]}.
 */
public final class GentleFlushBench {
    private static final int FILES = 4;
    private static final long FILE_BYTES = 256L << 20;
    private static final long MIB = 1 << 20;
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final Path sources;
    private final Path targets;
    private final Path programFile;
    private final Stencil stencil = new Stencil();
    private final Map<String, List<double[]>> results = new LinkedHashMap<>();

    private GentleFlushBench(Path disk, Path tmpfs) throws IOException {
        String name = "jckpt-gentle-bench-" + ProcessHandle.current().pid();
        sources = Files.createDirectory(tmpfs.resolve(name));
        targets = Files.createDirectory(disk.resolve(name));
        programFile = targets.resolve("program-input");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GentleFlushBench DISK_DIR [REPS] [TMPFS_DIR] [CONFIG,...]");
            System.exit(2);
        }
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> names = args.length > 3 ? List.of(args[3].split(",")) : new ArrayList<>(configurations().keySet());
        if (!configurations().keySet().containsAll(names)) {
            System.err.println("GentleFlushBench: configurations are " + configurations().keySet() + ", not " + names);
            System.exit(2);
        }
        GentleFlushBench bench = new GentleFlushBench(Path.of(args[0]), Path.of(args.length > 2 ? args[2] : "/dev/shm"));
        try {
            bench.run(reps, names);
        } finally {
            bench.stencil.stop();
            FileTrees.delete(bench.sources);
            FileTrees.delete(bench.targets);
        }
    }

    /** The configurations compared: name to options, or null for dd. */
    private static Map<String, Options> configurations() {
        Map<String, Options> c = new LinkedHashMap<>();
        long w = 8 * MIB;
        IoPriority idle = IoPriority.IDLE;
        IoPriority none = IoPriority.NONE;
        c.put("default", Options.DEFAULT);
        c.put("plain", Options.PLAIN);
        c.put("W", new Options(w, true, false, false, none, 0));
        c.put("D", new Options(w, false, true, false, none, 0));
        c.put("WD", new Options(w, true, true, false, none, 0));
        c.put("P", new Options(w, false, false, false, idle, 0));
        c.put("WP", new Options(w, true, false, false, idle, 0));
        c.put("DP", new Options(w, false, true, false, idle, 0));
        c.put("WDP", new Options(w, true, true, false, idle, 0));
        c.put("WD be7", new Options(w, true, true, false, IoPriority.BEST_EFFORT_LOWEST, 0));
        c.put("WDS", new Options(w, true, true, true, none, 0));
        c.put("WD 2M", new Options(2 * MIB, true, true, false, none, 0));
        c.put("WD 32M", new Options(32 * MIB, true, true, false, none, 0));
        c.put("plain N", new Options(w, false, false, false, none, 19));
        c.put("WD N", new Options(w, true, true, false, none, 19));
        c.put("WDP N", new Options(w, true, true, false, idle, 19));
        c.put("dd x4", null);
        c.put("dd x1", null);
        return c;
    }

    private void run(int reps, List<String> names) throws Exception {
        System.out.println("gentle I/O " + GentleIo.system().status() + "; " + FILES + " x " + FILE_BYTES / MIB
                + " MiB from " + sources + " to " + targets + "; " + reps + " repetitions");
        makeSources();
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((k + rep * 5) % names.size());
                double[] r = measure(name, configurations().get(name));
                results.computeIfAbsent(name, n -> new ArrayList<>()).add(r);
                System.out.printf("rep %d %-7s %7.1f MB/s alone, fsync %5.0f ms, dirty peak %5.0f MiB, cached %5.0f MiB, sources %5.0f MiB,"
                        + " program %3.0f%%; %7.1f MB/s with stencil, slowdown %.3f; program reads %5.1f MB/s, %5.1f during the flush%n",
                        rep, name, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
            }
        }
        summarize();
    }

    /**
     * One configuration once: {MB/s alone, fsync ms, dirty peak MiB, copies cached MiB, sources
     * cached MiB, program file cached %, MB/s with stencil, slowdown, program reads MB/s without
     * a flush, program reads MB/s during one}.
     */
    private double[] measure(String name, Options options) throws Exception {
        readProgramFile();
        DirtyPeak dirty = DirtyPeak.start();
        double[] alone = copy(name, options);
        double dirtyPeak = dirty.stop();
        double cached = 0;
        double sourcesCached = 0;
        for (int i = 0; i < FILES; i++) {
            cached += residentBytes(target(i)) / (double) MIB;
            sourcesCached += residentBytes(source(i)) / (double) MIB;
        }
        double program = 100.0 * residentBytes(programFile) / FILE_BYTES;
        clearTargets();
        double before = stencil.rate(Duration.ofSeconds(2));
        long start = stencil.iterations();
        long t0 = System.nanoTime();
        double[] loaded = copy(name, options);
        double during = (stencil.iterations() - start) / ((System.nanoTime() - t0) / 1e9);
        double after = stencil.rate(Duration.ofSeconds(2));
        stencil.pause();
        clearTargets();
        double[] reads = programReads(name, options);
        clearTargets();
        return new double[] {alone[0], alone[1], dirtyPeak, cached, sourcesCached, program, loaded[0], 1 - during / ((before + after) / 2), reads[0], reads[1]};
    }

    /** The program's own disk reads (its file, dropped from the cache first): {MB/s without a flush, MB/s during one}. */
    private double[] programReads(String name, Options options) throws Exception {
        double quiet = coldReads(() -> false, 1);
        ExecutorService flush = Executors.newSingleThreadExecutor(DaemonThreads.named("bench-flush-runner"));
        try {
            Future<double[]> copied = flush.submit(() -> copy(name, options));
            double busy = coldReads(copied::isDone, Integer.MAX_VALUE);
            copied.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            return new double[] {quiet, busy};
        } finally {
            flush.shutdownNow();
        }
    }

    /** Reads the program file from the disk, at most {@code passes} times or until {@code done}: MB/s. */
    private double coldReads(BooleanSupplier done, int passes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) MIB);
        long bytes = 0;
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(programFile, StandardOpenOption.READ);
                FileHints hints = GentleIo.system().hints(programFile)) {
            for (int pass = 0; pass < passes && !done.getAsBoolean(); pass++) {
                hints.dropCache(0, 0);
                for (long pos = 0; pos < FILE_BYTES && !done.getAsBoolean(); pos += MIB) {
                    bytes += ch.read(buf.clear(), pos);
                }
            }
        }
        return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    /** {MB/s, longest final fsync ms}. */
    private double[] copy(String name, Options options) throws Exception {
        long t0 = System.nanoTime();
        double fsyncMs = options == null ? dd(name) : flush(options);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new double[] {FILES * FILE_BYTES / 1e6 / seconds, fsyncMs};
    }

    private double flush(Options options) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(FILES, DaemonThreads.named("bench-flush"));
        try {
            List<Future<Double>> done = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                int task = i;
                done.add(pool.submit(() -> flushOne(task, options)));
            }
            double longest = 0;
            for (Future<Double> f : done) {
                longest = Math.max(longest, f.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
            }
            return longest;
        } finally {
            pool.shutdownNow();
        }
    }

    private double flushOne(int task, Options options) throws IOException {
        try (GentleFileWriter w = GentleFileWriter.create(target(task), FileModes.OWNER_ONLY, options)) {
            w.copyFrom(source(task));
            long t0 = System.nanoTime();
            w.force();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** dd of the same files: one process per file ("dd x4"), or all of them through one ("dd x1"). */
    private double dd(String name) throws Exception {
        List<Process> running = new ArrayList<>();
        if (name.equals("dd x4")) {
            for (int i = 0; i < FILES; i++) {
                running.add(new ProcessBuilder("dd", "if=" + source(i), "of=" + target(i), "bs=1M", "conv=fdatasync", "status=none").inheritIO().start());
            }
        } else {
            String all = String.join(" ", List.of(source(0).toString(), source(1).toString(), source(2).toString(), source(3).toString()));
            running.add(new ProcessBuilder("sh", "-c", "cat " + all + " | dd of=" + target(0) + " bs=1M iflag=fullblock conv=fdatasync status=none").inheritIO().start());
        }
        for (Process p : running) {
            if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("dd failed or took over " + LIMIT.toMinutes() + " minutes");
            }
        }
        return Double.NaN;
    }

    private void makeSources() throws IOException {
        byte[] block = new byte[(int) MIB];
        new Random(1).nextBytes(block);
        for (int i = 0; i <= FILES; i++) {
            Path file = i < FILES ? source(i) : programFile;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (long b = 0; b < FILE_BYTES / MIB; b++) {
                    block[(int) (b % MIB)] ^= (byte) (b + i); // no two blocks alike
                    ByteBuffer buf = ByteBuffer.wrap(block);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
                ch.force(false);
            }
        }
    }

    private void readProgramFile() throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) MIB);
        try (FileChannel ch = FileChannel.open(programFile, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) > 0) {
                // only to bring it into the page cache
            }
        }
    }

    private void clearTargets() throws IOException {
        for (int i = 0; i < FILES; i++) {
            Files.deleteIfExists(target(i));
        }
        Durable.syncDirectory(targets);
    }

    private Path source(int i) {
        return sources.resolve("task." + i);
    }

    private Path target(int i) {
        return targets.resolve("task." + i);
    }

    /** Bytes of {@code file} in the page cache, page by page (mincore, through MappedByteBuffer.isLoaded). */
    static long residentBytes(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        int page = 4096;
        long resident = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            for (int off = 0; off < map.capacity(); off += page) {
                int len = Math.min(page, map.capacity() - off);
                if (map.slice(off, len).isLoaded()) {
                    resident += len;
                }
            }
        }
        return resident;
    }

    private void summarize() {
        String[] columns = {"MB/s alone", "fsync ms", "dirty MiB", "cached MiB", "sources MiB", "program %", "MB/s +stencil", "slowdown",
            "reads MB/s", "reads during"};
        System.out.println();
        System.out.println("median [min..max] over repetitions");
        System.out.printf("%-7s", "config");
        for (String c : columns) {
            System.out.printf(" | %-20s", c);
        }
        System.out.println();
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            System.out.printf("%-7s", e.getKey());
            for (int c = 0; c < columns.length; c++) {
                int column = c;
                double[] v = e.getValue().stream().mapToDouble(r -> r[column]).sorted().toArray();
                System.out.printf(" | %-20s", String.format(c == 7 ? "%.3f [%.3f..%.3f]" : "%.0f [%.0f..%.0f]", median(v), v[0], v[v.length - 1]));
            }
            System.out.println();
        }
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The peak of Dirty + Writeback in /proc/meminfo (the whole machine's), sampled every 20 ms. */
    private static final class DirtyPeak {
        private final AtomicLong peakKib = new AtomicLong();
        private volatile boolean running = true;
        private Thread sampler;

        static DirtyPeak start() {
            DirtyPeak d = new DirtyPeak();
            d.sampler = DaemonThreads.start("bench-dirty", d::sample);
            return d;
        }

        private void sample() {
            while (running) {
                try {
                    long kib = 0;
                    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                        if (line.startsWith("Dirty:") || line.startsWith("Writeback:")) {
                            kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    }
                    peakKib.accumulateAndGet(kib, Math::max);
                    Thread.sleep(20);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        double stop() throws InterruptedException {
            running = false;
            sampler.join(1000);
            return peakKib.get() / 1024.0;
        }
    }

    /** Two threads, each a 3-point stencil over its own double arrays (4 MiB each), counting iterations. */
    private static final class Stencil {
        private final AtomicLong iterations = new AtomicLong();
        private volatile boolean computing;
        private volatile boolean stopped;

        Stencil() {
            for (int t = 0; t < 2; t++) {
                DaemonThreads.start("bench-stencil-" + t, this::loop);
            }
        }

        private void loop() {
            double[] a = new double[1 << 19];
            double[] b = new double[a.length];
            Arrays.fill(a, 1.0);
            a[a.length / 2] = 1e6;
            while (!stopped) {
                if (!computing) {
                    sleep(1);
                    continue;
                }
                for (int i = 1; i < a.length - 1; i++) {
                    b[i] = (a[i - 1] + a[i] + a[i + 1]) / 3;
                }
                double[] swap = a;
                a = b;
                b = swap;
                iterations.incrementAndGet();
            }
        }

        /** Starts computing and returns the rate (iterations per second) over {@code period}, after a short warm-up. */
        double rate(Duration period) throws InterruptedException {
            computing = true;
            Thread.sleep(300);
            long start = iterations.get();
            long t0 = System.nanoTime();
            Thread.sleep(period.toMillis());
            return (iterations.get() - start) / ((System.nanoTime() - t0) / 1e9);
        }

        long iterations() {
            return iterations.get();
        }

        void pause() {
            computing = false;
        }

        void stop() {
            stopped = true;
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
