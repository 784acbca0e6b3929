package org.jckpt.engine.app.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.system.Unmapper;

/**
 * A copy file on a tmpfs, mapped once and kept mapped while its file lives, whatever it is renamed
 * to: the next copy written through it is a plain memory copy. Through write(2), every page costs
 * the kernel a lookup and a lock, through a fresh mapping a page fault: 2.3 and 3.7 times a memcpy
 * of 256 MiB here. Only pages the file already has are written through the mapping; beyond them,
 * write(2) takes new ones. Mapped in {@link #REGION}s, as a buffer holds at most 2 GiB.
 *
 * <p>No mapping ever reaches past {@link #extent}, which never exceeds the file's size: a page of
 * a mapping beyond the file's end faults (SIGBUS, an asynchronous {@link InternalError} in Java)
 * when touched, and the seal cuts the file when the state shrank.
 */
final class MappedCopy implements TaskFileWriter.Target, AutoCloseable {
    static final int REGION = 64 << 20;

    private final FileChannel channel;
    private final List<MappedByteBuffer> regions = new ArrayList<>();
    /** Below this offset the file has its pages: written, never a hole, never past the end. */
    private long extent;
    /** Whether pages below {@link #extent} were written by write(2) since the last {@link #prefault}. */
    private boolean cold;

    private MappedCopy(FileChannel channel) throws IOException {
        this.channel = channel;
        this.extent = channel.size();
        this.cold = extent > 0;
    }

    /** Maps {@code file} (already created, with its mode). */
    static MappedCopy open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            return new MappedCopy(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void write(ByteBuffer src, long at) throws IOException {
        while (src.hasRemaining()) {
            int n = at < extent ? (int) Math.min(src.remaining(), Math.min(extent - at, REGION - at % REGION)) : src.remaining();
            ByteBuffer part = src.slice(src.position(), n);
            if (at < extent) {
                region(at / REGION, at + n).put((int) (at % REGION), part, 0, n);
            } else {
                // New pages: write(2) takes them and says so when the tmpfs is full, where a store
                // through the mapping would get SIGBUS.
                for (long p = at; part.hasRemaining(); ) {
                    p += channel.write(part, p);
                }
                if (at == extent) {
                    extent += n;
                }
                cold = true;
            }
            src.position(src.position() + n);
            at += n;
        }
    }

    /** The mapping from {@code at} on, within the region and the pages the file has; null past them. */
    @Override
    public ByteBuffer window(long at, long most) throws IOException {
        if (at >= extent) {
            return null;
        }
        int offset = (int) (at % REGION);
        int n = (int) Math.min(most, Math.min(extent - at, REGION - offset));
        return region(at / REGION, at + n).slice(offset, n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The copy just written is {@code size} bytes: the seal cuts the file there, and its pages
     * beyond go, so the regions that reach past it are unmapped first; {@link #prefault} maps them
     * anew.
     */
    void written(long size) {
        if (size >= extent) {
            return;
        }
        extent = size;
        for (int k = 0; k < regions.size(); k++) {
            MappedByteBuffer region = regions.get(k);
            if (region != null && (long) k * REGION + region.capacity() > extent) {
                Unmapper.unmap(region);
                regions.set(k, null);
                cold = true;
            }
        }
    }

    /**
     * Maps and touches every page the file has, so that the next copy through this mapping takes
     * no page fault: after a copy written by write(2), where the mapping has none of its pages, or
     * after a shrink unmapped a region. Never while a copy is being written.
     */
    void prefault() throws IOException {
        if (!cold) {
            return;
        }
        cold = false;
        for (long start = 0; start < extent; start += REGION) {
            region(start / REGION, Math.min(extent, start + REGION)).load();
        }
    }

    /** Bytes of the file that have their pages. */
    long extent() {
        return extent;
    }

    /**
     * Region {@code k}, mapped up to {@link #extent} (never past the file's end), or further than
     * before when the file grew and the write reaches {@code end}.
     */
    private MappedByteBuffer region(long k, long end) throws IOException {
        while (regions.size() <= k) {
            regions.add(null);
        }
        MappedByteBuffer region = regions.get((int) k);
        long start = k * REGION;
        if (region == null || start + region.capacity() < end) {
            if (region != null) {
                Unmapper.unmap(region);
            }
            region = channel.map(FileChannel.MapMode.READ_WRITE, start, Math.min(REGION, extent - start));
            regions.set((int) k, region);
        }
        return region;
    }

    /** Unmaps the file (which stays as it is); no write may follow. */
    @Override
    public void close() throws IOException {
        regions.stream().filter(Objects::nonNull).forEach(Unmapper::unmap);
        regions.clear();
        channel.close();
    }
}
