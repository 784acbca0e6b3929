package org.jckpt.engine.app;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;
import org.jckpt.store.Layout;
import org.jckpt.store.Progress;

/**
 * Writes one task's registered state to its task file, with a CRC-32C of the bytes. The data is
 * synced; the file's name becomes durable when task 0 syncs the directory to commit the set.
 * Layout (little-endian): magic, format, item count, then per item its name, kind, byte length,
 * padding (a count byte and zeros, so that the item's bytes start at a multiple of 8 and blocks
 * split no element) and bytes; registered files are items of kind 'P' holding their offset. Then
 * the {@link TaskFileIndex}. Replicated items are written by one task only ({@code storesReplicated}).
 */
final class TaskFileWriter implements AutoCloseable {
    static final byte[] MAGIC = "JCKPTTSK".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 2;
    static final int CHUNK = 8 << 20;

    /** What a write produced: the whole file's checksum and size, and where its index is. */
    record Result(Checksummed sum, CheckpointSet.IndexEntry index) {
    }

    private final FileModes modes;
    private final boolean storesReplicated;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private final CRC32C blockCrc = new CRC32C();
    private final List<Integer> blockCrcs = new ArrayList<>();
    private final List<TaskFileIndex.Item> items = new ArrayList<>();
    private FileChannel channel;
    private long size;
    private boolean indexing;

    private Progress progress = Progress.NONE;

    /** A writer of task files with the mode {@code modes} gives files; replicated items only if {@code storesReplicated}. */
    TaskFileWriter(FileModes modes, boolean storesReplicated) {
        this.modes = modes;
        this.storesReplicated = storesReplicated;
    }

    /** Writes {@code state} to {@code target} (through a {@code .part} file); returns what it wrote. */
    Result write(TaskState state, Path target, Progress shown) throws IOException {
        progress = shown;
        Path part = target.resolveSibling(target.getFileName() + ".part");
        crc.reset();
        blockCrc.reset();
        blockCrcs.clear();
        items.clear();
        size = 0;
        indexing = false;
        staging.clear();
        CheckpointSet.IndexEntry index;
        try (FileChannel ch = modes.createForWriting(part)) {
            channel = ch;
            long skipped = storesReplicated ? 0
                    : state.items().values().stream().filter(i -> i.layout() == Layout.REPLICATED).count();
            staging.put(MAGIC).putInt(FORMAT).putInt(Math.toIntExact(state.items().size() + state.files().size() - skipped));
            for (Map.Entry<String, StateItem> e : state.items().entrySet()) {
                if (storesReplicated || e.getValue().layout() != Layout.REPLICATED) {
                    writeItem(e.getKey(), e.getValue());
                }
            }
            for (Map.Entry<String, FileChannel> e : state.files().entrySet()) {
                header(e.getKey(), 'P', Long.BYTES);
                indexed(e.getKey(), Layout.LOCAL, 'P', Long.BYTES);
                room(Long.BYTES).putLong(e.getValue().position());
            }
            index = writeIndex();
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        } finally {
            channel = null;
        }
        Durable.rename(part, target);
        return new Result(new Checksummed(crc.getValue(), size), index);
    }

    /** Ends the blocks, then appends the index, which only its own checksum (in the set file) covers. */
    private CheckpointSet.IndexEntry writeIndex() throws IOException {
        flush();
        if (size % TaskFileIndex.BLOCK != 0) {
            blockCrcs.add((int) blockCrc.getValue());
        }
        indexing = true;
        long offset = size;
        byte[] index = new TaskFileIndex(items, blockCrcs.stream().mapToInt(Integer::intValue).toArray()).encode();
        CRC32C indexCrc = new CRC32C();
        indexCrc.update(index);
        ByteBuffer src = ByteBuffer.wrap(index);
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), room(1).remaining());
            staging.put(src.slice(src.position(), n));
            src.position(src.position() + n);
        }
        flush();
        return new CheckpointSet.IndexEntry(offset, Checksums.hex(indexCrc.getValue()));
    }

    /** Records an item whose bytes start at the current position. */
    private void indexed(String name, Layout layout, char kind, long bytes) {
        indexed(name, layout, kind, bytes, 0, 0, 0);
    }

    private void indexed(String name, Layout layout, char kind, long bytes, long first, long elements, long global) {
        items.add(new TaskFileIndex.Item(name, layout, kind, size + staging.position(), bytes, first, elements, global));
    }

    private void writeItem(String name, StateItem item) throws IOException {
        if (item instanceof StateItem.PrimitiveArray a) {
            header(name, a.kind(), a.byteLength());
            indexed(name, Layout.LOCAL, a.kind(), a.byteLength());
            writeArray(a, 0, a.length());
        } else if (item instanceof StateItem.Distributed d) {
            header(name, d.kind(), d.byteLength());
            indexed(name, Layout.DISTRIBUTED, d.kind(), d.byteLength(), d.range().firstElement(), d.range().elementCount(),
                    d.range().globalElements());
            writeArray(d.array(), d.arrayOffset(), Math.toIntExact(d.range().elementCount()));
        } else if (item instanceof StateItem.Replicated r) {
            header(name, r.kind(), r.array().byteLength());
            indexed(name, Layout.REPLICATED, r.kind(), r.array().byteLength());
            writeArray(r.array(), 0, r.array().length());
        } else if (item instanceof StateItem.Buffer b) {
            ByteBuffer src = b.buffer().duplicate().clear();
            header(name, b.kind(), src.capacity());
            indexed(name, Layout.LOCAL, b.kind(), src.capacity());
            while (src.hasRemaining()) {
                int n = Math.min(src.remaining(), room(1).remaining());
                staging.put(src.slice(src.position(), n));
                src.position(src.position() + n);
            }
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                (item instanceof StateItem.Parts p ? p.object() : ((StateItem.Custom) item).object()).writeState(out);
            }
            header(name, item.kind(), bytes.size());
            indexed(name, item.layout(), item.kind(), bytes.size());
            ByteBuffer src = ByteBuffer.wrap(bytes.toByteArray());
            while (src.hasRemaining()) {
                int n = Math.min(src.remaining(), room(1).remaining());
                staging.put(src.slice(src.position(), n));
                src.position(src.position() + n);
            }
        }
    }

    private void writeArray(StateItem.PrimitiveArray a, int from, int count) throws IOException {
        int length = from + count;
        int elem = a.elementSize();
        for (int off = from; off < length; ) {
            ByteBuffer buf = room(elem);
            int n = Math.min(length - off, buf.remaining() / elem);
            ArrayCopy.toBuffer(a.array(), off, n, buf);
            off += n;
        }
    }

    private void header(String name, char kind, long length) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int fixed = 2 + n.length + 1 + 8 + 1;
        int pad = (int) ((8 - (size + staging.position() + fixed) % 8) % 8);
        room(fixed + pad).putShort((short) n.length).put(n).put((byte) kind).putLong(length).put((byte) pad);
        staging.put(new byte[pad]);
    }

    /** The staging buffer with at least {@code bytes} free, flushing it first if needed. */
    private ByteBuffer room(int bytes) throws IOException {
        if (staging.remaining() < bytes) {
            flush();
        }
        return staging;
    }

    private void flush() throws IOException {
        staging.flip();
        crc.update(staging.duplicate());
        if (!indexing) {
            sumBlocks(staging.duplicate());
        }
        size += staging.remaining();
        int bytes = staging.remaining();
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
        progress.advance(bytes);
    }

    /** Adds the bytes of {@code data}, which follow the first {@code size} bytes of the file, to the block checksums. */
    private void sumBlocks(ByteBuffer data) {
        long at = size;
        while (data.hasRemaining()) {
            int n = (int) Math.min(data.remaining(), TaskFileIndex.BLOCK - at % TaskFileIndex.BLOCK);
            blockCrc.update(data.slice(data.position(), n));
            data.position(data.position() + n);
            at += n;
            if (at % TaskFileIndex.BLOCK == 0) {
                blockCrcs.add((int) blockCrc.getValue());
                blockCrc.reset();
            }
        }
    }

    @Override
    public void close() {
        // The staging buffer is reclaimed with this object; nothing else is held between writes.
    }
}
