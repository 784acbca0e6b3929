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
import java.util.Map;
import java.util.zip.CRC32C;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;
import org.jckpt.store.Progress;

/**
 * Writes one task's registered state to its task file, with a CRC-32C of the bytes. The data is
 * synced; the file's name becomes durable when task 0 syncs the directory to commit the set.
 * Layout (little-endian): magic, format, item count, then per item its name, kind, byte length and
 * bytes; registered files are items of kind 'P' holding their offset.
 */
final class TaskFileWriter implements AutoCloseable {
    static final byte[] MAGIC = "JCKPTTSK".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    static final int CHUNK = 8 << 20;

    private final FileModes modes;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private long size;

    private Progress progress = Progress.NONE;

    /** A writer of task files with the mode {@code modes} gives files. */
    TaskFileWriter(FileModes modes) {
        this.modes = modes;
    }

    /** Writes {@code state} to {@code target} (through a {@code .part} file); returns what it wrote. */
    Checksummed write(TaskState state, Path target, Progress shown) throws IOException {
        progress = shown;
        Path part = target.resolveSibling(target.getFileName() + ".part");
        crc.reset();
        size = 0;
        staging.clear();
        try (FileChannel ch = modes.createForWriting(part)) {
            channel = ch;
            staging.put(MAGIC).putInt(FORMAT).putInt(state.items().size() + state.files().size());
            for (Map.Entry<String, StateItem> e : state.items().entrySet()) {
                writeItem(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, FileChannel> e : state.files().entrySet()) {
                header(e.getKey(), 'P', Long.BYTES);
                room(Long.BYTES).putLong(e.getValue().position());
            }
            flush();
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        } finally {
            channel = null;
        }
        Durable.rename(part, target);
        return new Checksummed(crc.getValue(), size);
    }

    private void writeItem(String name, StateItem item) throws IOException {
        if (item instanceof StateItem.PrimitiveArray a) {
            header(name, a.kind(), a.byteLength());
            writeArray(a);
        } else if (item instanceof StateItem.Buffer b) {
            ByteBuffer src = b.buffer().duplicate().clear();
            header(name, b.kind(), src.capacity());
            while (src.hasRemaining()) {
                int n = Math.min(src.remaining(), room(1).remaining());
                staging.put(src.slice(src.position(), n));
                src.position(src.position() + n);
            }
        } else if (item instanceof StateItem.Custom c) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                c.object().writeState(out);
            }
            header(name, c.kind(), bytes.size());
            ByteBuffer src = ByteBuffer.wrap(bytes.toByteArray());
            while (src.hasRemaining()) {
                int n = Math.min(src.remaining(), room(1).remaining());
                staging.put(src.slice(src.position(), n));
                src.position(src.position() + n);
            }
        }
    }

    private void writeArray(StateItem.PrimitiveArray a) throws IOException {
        int length = a.length();
        int elem = a.elementSize();
        for (int off = 0; off < length; ) {
            ByteBuffer buf = room(elem);
            int n = Math.min(length - off, buf.remaining() / elem);
            ArrayCopy.toBuffer(a.array(), off, n, buf);
            off += n;
        }
    }

    private void header(String name, char kind, long length) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        room(2 + n.length + 1 + 8).putShort((short) n.length).put(n).put((byte) kind).putLong(length);
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
        size += staging.remaining();
        int bytes = staging.remaining();
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
        progress.advance(bytes);
    }

    @Override
    public void close() {
        // The staging buffer is reclaimed with this object; nothing else is held between writes.
    }
}
