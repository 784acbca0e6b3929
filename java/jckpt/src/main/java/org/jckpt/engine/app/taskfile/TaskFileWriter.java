package org.jckpt.engine.app.taskfile;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;
import org.jckpt.store.Layout;
import org.jckpt.store.Progress;

/**
 * Writes one task's registered state to a task file in two steps: {@link #writeRaw} copies the
 * state (the only step the program waits for when a node-local level takes the copy), and
 * {@link TaskFileSeal} then checksums it and appends the index. Layout (little-endian): magic,
 * format, item count, then per item its name, kind, byte length, padding (a count byte and zeros,
 * so that the item's bytes start at a multiple of 8 and blocks split no element) and bytes;
 * registered files are items of kind 'P' holding their offset. Then the {@link TaskFileIndex}.
 * Replicated items are written by one task only ({@code storesReplicated}). Objects are streamed
 * and their length filled in afterwards, so no object is ever held whole in memory.
 */
public final class TaskFileWriter {
    static final byte[] MAGIC = "JCKPTTSK".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 2;
    public static final int CHUNK = 8 << 20;
    /** Small enough to stay in the CPU cache between the copy from the array and the write. */
    private static final int STAGING = 1 << 20;

    /** What a write produced: the whole file's checksum and size, and where its index is. */
    public record Result(Checksummed sum, CheckpointSet.IndexEntry index) {
    }

    /** A file holding state but no index yet: where each item is, and where the data ends. */
    public record Raw(Path file, List<TaskFileIndex.Item> items, long dataSize) {
    }

    /** Where a copy's bytes go: a file through its channel, or a mapping of it (the local level's {@code MappedCopy}). */
    public interface Target {
        /** Writes all of {@code src} at {@code at}. */
        void write(ByteBuffer src, long at) throws IOException;

        /**
         * The target's own memory from {@code at} on, at most {@code most} bytes (little-endian,
         * positioned at 0), for the writer to copy into directly; null where it has none.
         */
        default ByteBuffer window(long at, long most) throws IOException {
            return null;
        }
    }

    /** Writes by write(2). */
    public record ChannelTarget(FileChannel channel) implements Target {
        @Override
        public void write(ByteBuffer src, long at) throws IOException {
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        }
    }

    private final FileModes modes;
    private final boolean storesReplicated;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING).order(ByteOrder.LITTLE_ENDIAN);
    private final List<TaskFileIndex.Item> items = new ArrayList<>();
    private Target out;
    private long written;
    private Progress progress = Progress.NONE;

    /** A writer of task files with the mode {@code modes} gives files; replicated items only if {@code storesReplicated}. */
    public TaskFileWriter(FileModes modes, boolean storesReplicated) {
        this.modes = modes;
        this.storesReplicated = storesReplicated;
    }

    /** Writes, checksums and syncs {@code state} to {@code target} (through a {@code .part} file). */
    public Result write(TaskState state, Path target, Progress shown) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Raw raw;
            try (FileChannel ch = modes.createForWriting(part)) {
                raw = writeRaw(state, part, new ChannelTarget(ch), shown);
            }
            Result result = TaskFileSeal.seal(raw, true);
            Durable.rename(part, target);
            return result;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /**
     * Copies {@code state} into {@code target}, unchecksummed and unsynced; {@code file} is the
     * target's file, for {@link TaskFileSeal}, which also cuts off what an earlier, longer copy
     * left beyond the data.
     */
    public Raw writeRaw(TaskState state, Path file, Target target, Progress shown) throws IOException {
        progress = shown;
        items.clear();
        written = 0;
        staging.clear();
        out = target;
        try {
            writeItems(state);
            flush();
        } finally {
            out = null;
        }
        return new Raw(file, List.copyOf(items), written);
    }

    private void writeItems(TaskState state) throws IOException {
        int stored = state.files().size();
        for (StateItem item : state.items().values()) {
            stored += storesReplicated || item.layout() != Layout.REPLICATED ? 1 : 0;
        }
        staging.put(MAGIC).putInt(FORMAT).putInt(stored);
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
    }

    /** Records an item whose bytes start at the current position. */
    private void indexed(String name, Layout layout, char kind, long bytes) {
        indexed(name, layout, kind, bytes, 0, 0, 0);
    }

    private void indexed(String name, Layout layout, char kind, long bytes, long first, long elements, long global) {
        items.add(new TaskFileIndex.Item(name, layout, kind, position(), bytes, first, elements, global));
    }

    private long position() {
        return written + staging.position();
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
            writeDirect(src);
        } else {
            writeObject(name, item);
        }
    }

    /** Streams an object's bytes, then fills in the length its header left open. */
    private void writeObject(String name, StateItem item) throws IOException {
        long lengthAt = header(name, item.kind(), 0);
        long start = position();
        try (DataOutputStream out = new DataOutputStream(new StagingStream())) {
            (item instanceof StateItem.Parts p ? p.object() : ((StateItem.Custom) item).object()).writeState(out);
        }
        long length = position() - start;
        items.add(new TaskFileIndex.Item(name, item.layout(), item.kind(), start, length, 0, 0, 0));
        flush();
        out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length), lengthAt);
    }

    /** Straight into the target's memory where it offers it (one copy), else through the staging buffer. */
    private void writeArray(StateItem.PrimitiveArray a, int from, int count) throws IOException {
        int length = from + count;
        int elem = a.elementSize();
        for (int off = from; off < length; ) {
            ByteBuffer window = staging.position() == 0 ? out.window(written, (long) (length - off) * elem) : null;
            ByteBuffer buf = window != null && window.remaining() >= elem ? window : room(elem);
            int n = Math.min(length - off, buf.remaining() / elem);
            ArrayCopy.toBuffer(a.array(), off, n, buf);
            off += n;
            if (buf == window) {
                written += (long) n * elem;
                progress.advance((long) n * elem);
            }
        }
    }

    /** A direct buffer goes to the file as it is: the kernel copies from it, no staging copy first. */
    private void writeDirect(ByteBuffer src) throws IOException {
        if (!src.isDirect()) {
            put(src);
            return;
        }
        flush();
        int bytes = src.remaining();
        out.write(src, written);
        written += bytes;
        progress.advance(bytes);
    }

    private void put(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), room(1).remaining());
            staging.put(src.slice(src.position(), n));
            src.position(src.position() + n);
        }
    }

    /** Writes an item's header; returns where its length field is. */
    private long header(String name, char kind, long length) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int fixed = 2 + n.length + 1 + 8 + 1;
        int pad = (int) ((8 - (position() + fixed) % 8) % 8);
        ByteBuffer b = room(fixed + pad).putShort((short) n.length).put(n).put((byte) kind);
        long lengthAt = position();
        b.putLong(length).put((byte) pad).put(new byte[pad]);
        return lengthAt;
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
        int bytes = staging.remaining();
        out.write(staging, written);
        written += bytes;
        staging.clear();
        progress.advance(bytes);
    }

    /** An object's bytes, into the staging buffer. */
    private final class StagingStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            room(1).put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            put(ByteBuffer.wrap(b, off, len));
        }
    }
}
