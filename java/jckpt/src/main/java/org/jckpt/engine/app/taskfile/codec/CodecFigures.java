package org.jckpt.engine.app.taskfile.codec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What zstd level 1 and lz4, each after the 8-byte shuffle, do to a {@code double[]} chunked as
 * task files are: the ratio (raw bytes over stored bytes) and one core's compression speed in MB/s
 * (10^6 bytes of raw data per second, shuffle included), through the same {@link ChunkPacker} the
 * flush uses. Seconds are the measuring thread's CPU time, so that other work on a shared machine
 * does not count as the codec's.
 */
public record CodecFigures(double zstdRatio, double zstdMbps, double lz4Ratio, double lz4Mbps) {
    /** The chunk size of task files. */
    public static final int CHUNK = 1 << 20;
    /** Timed passes last at least this long, so that short arrays are timed over enough work. */
    private static final long MIN_NANOS = 300_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static CodecFigures measure(double[] values) {
        double[] zstd = measure(values, Compression.zstd(1));
        double[] lz4 = measure(values, Compression.LZ4);
        return new CodecFigures(zstd[0], zstd[1], lz4[0], lz4[1]);
    }

    /** {ratio, MB/s} of {@code compression} on {@code values}, after one untimed pass that warms up the code. */
    private static double[] measure(double[] values, Compression compression) {
        try (ChunkPacker packer = new ChunkPacker(compression, CHUNK)) {
            byte[] raw = new byte[CHUNK];
            byte[] out = new byte[packer.outSize()];
            long stored = pass(values, packer, raw, out, new long[1]);
            long[] nanos = {0};
            long bytes = 0;
            while (nanos[0] < MIN_NANOS) {
                pass(values, packer, raw, out, nanos);
                bytes += (long) values.length * Double.BYTES;
            }
            double ratio = (double) values.length * Double.BYTES / Math.max(1, stored);
            return new double[] {ratio, bytes / (nanos[0] / 1e9) / 1e6};
        }
    }

    /** Packs every chunk of {@code values}; adds the CPU time spent packing to {@code nanos}; returns the stored bytes. */
    private static long pass(double[] values, ChunkPacker packer, byte[] raw, byte[] out, long[] nanos) {
        int perChunk = CHUNK / Double.BYTES;
        long stored = 0;
        for (int off = 0; off < values.length; off += perChunk) {
            int n = Math.min(perChunk, values.length - off);
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values, off, n);
            long t = THREADS.getCurrentThreadCpuTime();
            stored += packer.pack(raw, n * Double.BYTES, Double.BYTES, out);
            nanos[0] += THREADS.getCurrentThreadCpuTime() - t;
        }
        return stored;
    }
}
