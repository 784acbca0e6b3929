package org.jckpt.engine.app.taskfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jckpt.engine.app.taskfile.codec.ChunkPacker;
import org.jckpt.engine.app.taskfile.codec.Compression;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;

/**
 * Copies a task file as its task wrote it (the raw file) to the file a set stores, compressing the
 * items where that pays. Each item that compresses well enough on a sample is stored in chunks of
 * {@link #CHUNK} raw bytes, each compressed on its own (numeric arrays byte-shuffled first when that
 * compresses better), so that a restart reading a range decompresses only the chunks that hold it.
 * Every block of the raw file is checked against its index as it is read. The stored file (task
 * file format {@value TaskFileIndex#PACKED_FORMAT}) has the raw file's layout, its items packed, and
 * an index whose block checksums cover the stored bytes. When no item is packed, in particular with
 * {@link Compression#NONE}, the stored file is a plain copy of the raw one, index included.
 * Memory is bounded by a few chunks and staging buffers, whatever the items' sizes; an instance
 * keeps them from file to file, for one thread at a time. Close it to free the codec's native state.
 */
public final class TaskFileCompressor implements AutoCloseable {
    /** Raw bytes per compressed chunk: a whole number of elements of every kind. */
    static final int CHUNK = 1 << 20;
    /** An item is packed only when its sample packs to at most this share of its raw size. */
    static final double PAYS = 0.9;
    /** Chunks compressed, spread over an item, to decide whether packing it pays. */
    static final int SAMPLES = 4;
    private static final int STAGING = 2 * TaskFileIndex.BLOCK;

    /**
     * What the stored file is, for its set file entry: its checksum and size, its index, and how
     * each item is stored (empty for a plain copy).
     */
    public record Stored(Checksummed sum, CheckpointSet.IndexEntry index, List<CheckpointSet.StoredItem> items) {
    }

    /** How an item is stored: as is ({@code width} 0) or packed after a shuffle in elements of {@code width} bytes (1: none). */
    private record Choice(TaskFileIndex.Item item, int width) {
        boolean packs() {
            return width > 0;
        }
    }

    private final ReadBuffers buffers = new ReadBuffers(STAGING);
    private final ByteBuffer writing = ByteBuffer.allocateDirect(STAGING);
    private final byte[] chunk = new byte[CHUNK];
    private ChunkPacker packer;
    private byte[] packed = new byte[0];

    /**
     * Writes the stored form of {@code rawFile}, whose index is where {@code rawIndex} says, to {@code out}
     * from its position on, compressing with {@code compression} where that pays. The caller creates,
     * syncs and names {@code out}. A raw file that does not match its index fails with a
     * {@link org.jckpt.store.DamagedSetException}. {@code progress} sees the raw bytes as they are
     * consumed, a chunk or a staging buffer at a time (a flush may pace itself there).
     */
    public Stored compress(Path rawFile, CheckpointSet.IndexEntry rawIndex, WritableByteChannel out, Compression compression,
                           Progress progress)
            throws SetFileException, IOException {
        try (OldTaskFile raw = OldTaskFile.open(rawFile, Files.size(rawFile), rawIndex)) {
            TaskFileOutput dst = new TaskFileOutput(out, writing);
            List<Choice> choices = new ArrayList<>();
            if (compression.compresses()) {
                usePacker(compression);
                for (TaskFileIndex.Item item : raw.index().items()) {
                    choices.add(choose(raw, item));
                }
            }
            if (choices.stream().noneMatch(Choice::packs)) {
                raw.read(0, raw.dataSize(), buffers.staging, dst::write, progress);
                dst.endData();
                dst.write(raw.indexBytes());
                return new Stored(dst.finish(), rawIndex, List.of());
            }
            return pack(raw, choices, dst, progress);
        }
    }


    private void usePacker(Compression compression) {
        if (packer == null || !packer.compression().equals(compression)) {
            close();
            packer = new ChunkPacker(compression, CHUNK);
            packed = new byte[packer.outSize()];
        }
    }

    /** Packs a sample of {@code item}'s chunks, shuffled and not, and keeps the better way if it pays. */
    private Choice choose(OldTaskFile raw, TaskFileIndex.Item item) throws SetFileException, IOException {
        int width = elementWidth(item.kind());
        long chunks = (item.bytes() + CHUNK - 1) / CHUNK;
        long sampled = 0;
        long plain = 0;
        long shuffled = 0;
        for (long s = 0; s < Math.min(SAMPLES, chunks); s++) {
            long k = chunks <= SAMPLES ? s : s * (chunks - 1) / (SAMPLES - 1);
            int length = readChunk(raw, item, k, Progress.NONE);
            sampled += length;
            plain += packer.pack(chunk, length, 1, packed);
            shuffled += width > 1 ? packer.pack(chunk, length, width, packed) : length;
        }
        long best = Math.min(plain, shuffled);
        if (sampled == 0 || best > PAYS * sampled) {
            return new Choice(item, 0);
        }
        return new Choice(item, shuffled < plain ? width : 1);
    }

    /** Reads chunk {@code k} of {@code item} into {@link #chunk}; returns its length. */
    private int readChunk(OldTaskFile raw, TaskFileIndex.Item item, long k, Progress progress)
            throws SetFileException, IOException {
        long from = k * CHUNK;
        int length = (int) Math.min(CHUNK, item.bytes() - from);
        int[] at = {0};
        raw.read(item, from, length, buffers, bytes -> {
            int n = bytes.remaining();
            bytes.get(chunk, at[0], n);
            at[0] += n;
        }, progress);
        return length;
    }

    private Stored pack(OldTaskFile raw, List<Choice> choices, TaskFileOutput dst, Progress progress)
            throws SetFileException, IOException {
        dst.room(TaskFileWriter.MAGIC.length + 8).put(TaskFileWriter.MAGIC).putInt(TaskFileIndex.PACKED_FORMAT)
                .putInt(choices.size());
        List<TaskFileIndex.Item> items = new ArrayList<>();
        List<CheckpointSet.StoredItem> stored = new ArrayList<>();
        for (Choice c : choices) {
            TaskFileIndex.Item item = c.item();
            header(dst, item);
            long offset = dst.position();
            TaskFileIndex.Item written = c.packs() ? item.storedAt(offset, packItem(raw, item, c.width(), dst, progress))
                    : copyItem(raw, item, offset, dst, progress);
            items.add(written);
            stored.add(new CheckpointSet.StoredItem(item.name(), c.packs() ? packer.compression() + (c.width() > 1 ? "+shuffle" : "")
                    : Compression.NONE.toString(), item.bytes(), written.storedBytes()));
        }
        int[] blocks = dst.endData();
        long indexOffset = dst.position();
        byte[] index = new TaskFileIndex(items, blocks).encode();
        dst.write(index, 0, index.length);
        CRC32C indexCrc = new CRC32C();
        indexCrc.update(index);
        return new Stored(dst.finish(), new CheckpointSet.IndexEntry(indexOffset, Checksums.hex(indexCrc.getValue()),
                TaskFileIndex.pieces(items)), stored);
    }

    private TaskFileIndex.Item copyItem(OldTaskFile raw, TaskFileIndex.Item item, long offset, TaskFileOutput dst,
                                        Progress progress) throws SetFileException, IOException {
        raw.read(item, 0, item.bytes(), buffers, dst::write, progress);
        return item.storedAt(offset, null);
    }

    private TaskFileIndex.Packing packItem(OldTaskFile raw, TaskFileIndex.Item item, int width, TaskFileOutput dst,
                                           Progress progress) throws SetFileException, IOException {
        int chunks = Math.toIntExact((item.bytes() + CHUNK - 1) / CHUNK);
        long[] starts = new long[chunks + 1];
        for (int k = 0; k < chunks; k++) {
            int length = readChunk(raw, item, k, progress);
            int n = packer.pack(chunk, length, width, packed);
            dst.write(packed, 0, n);
            starts[k + 1] = starts[k] + n;
        }
        return new TaskFileIndex.Packing(packer.compression().codec(), width, CHUNK, starts);
    }

    /** An item's header, as {@link TaskFileWriter} writes it: name, kind, length, and padding so that its bytes start at a multiple of 8. */
    private static void header(TaskFileOutput dst, TaskFileIndex.Item item) throws IOException {
        byte[] n = item.name().getBytes(StandardCharsets.UTF_8);
        int fixed = 2 + n.length + 1 + 8 + 1;
        int pad = (int) ((8 - (dst.position() + fixed) % 8) % 8);
        dst.room(fixed + pad).putShort((short) n.length).put(n).put((byte) item.kind()).putLong(item.bytes()).put((byte) pad)
                .put(new byte[pad]);
    }

    /** The width of the elements a shuffle transposes for items of {@code kind}; 1 for bytes and objects. */
    private static int elementWidth(char kind) {
        return switch (kind) {
            case 'D', 'J' -> 8;
            case 'F', 'I' -> 4;
            case 'S', 'C' -> 2;
            default -> 1;
        };
    }

    @Override
    public void close() {
        if (packer != null) {
            packer.close();
            packer = null;
        }
        buffers.close();
    }
}
