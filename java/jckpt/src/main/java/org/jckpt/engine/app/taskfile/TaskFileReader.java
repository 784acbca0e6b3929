package org.jckpt.engine.app.taskfile;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;

/**
 * Loads a whole task file, front to back, into the state a restarted task registered: the restart
 * of a set of format 2, whose task files have no index. Sets from format 3 on are read by
 * {@link org.jckpt.engine.app.load.SetLoader}.
 */
public final class TaskFileReader {
    private final ByteBuffer staging = ByteBuffer.allocateDirect(TaskFileWriter.CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;
    private Path file;
    private int format;

    private Progress progress = Progress.NONE;

    public void load(Path taskFile, TaskState state, Progress shown) throws SetFileException, IOException {
        file = taskFile;
        progress = shown;
        staging.clear().flip();
        try (FileChannel ch = FileChannel.open(taskFile, StandardOpenOption.READ)) {
            channel = ch;
            byte[] magic = new byte[TaskFileWriter.MAGIC.length];
            need(magic.length + 8).get(magic);
            if (!Arrays.equals(magic, TaskFileWriter.MAGIC)) {
                throw bad("not a jckpt task file");
            }
            format = staging.getInt();
            if (format < 1 || format > TaskFileWriter.FORMAT) {
                throw bad("task file format " + format + ", this jckpt reads " + TaskFileWriter.FORMAT);
            }
            int count = staging.getInt();
            Set<String> loaded = new HashSet<>();
            for (int i = 0; i < count; i++) {
                loaded.add(readItem(state));
            }
            Set<String> registered = new HashSet<>(state.items().keySet());
            registered.addAll(state.files().keySet());
            registered.removeAll(loaded);
            if (!registered.isEmpty()) {
                throw bad("holds no state named " + registered + "; the program registers other state than the one checkpointed");
            }
        } catch (EOFException e) {
            throw bad("ends early (truncated)");
        } finally {
            channel = null;
        }
    }

    private String readItem(TaskState state) throws IOException, SetFileException {
        int nameLength = need(2).getShort();
        byte[] nameBytes = new byte[nameLength];
        need(nameLength + 9).get(nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        char kind = (char) staging.get();
        long length = staging.getLong();
        if (format >= 2) {
            int pad = need(8).get(); // the count byte, then at most 7 zeros
            staging.position(staging.position() + pad);
        }
        if (kind == 'P') {
            var ch = state.files().get(name);
            if (ch == null) {
                throw bad("has file offset '" + name + "' that the program did not register");
            }
            ch.position(need(8).getLong());
            return name;
        }
        StateItem item = state.items().get(name);
        if (item == null) {
            throw bad("has state '" + name + "' that the program did not register");
        }
        if (item.kind() != kind) {
            throw bad("state '" + name + "' is of kind " + kind + ", registered as " + item.kind());
        }
        if (item instanceof StateItem.PrimitiveArray a) {
            expectLength(name, a.byteLength(), length);
            readArray(a);
        } else if (item instanceof StateItem.Buffer b) {
            expectLength(name, b.buffer().capacity(), length);
            ByteBuffer dst = b.buffer().duplicate().clear();
            while (dst.hasRemaining()) {
                ByteBuffer src = need(1);
                int n = Math.min(src.remaining(), dst.remaining());
                dst.put(src.slice(src.position(), n));
                src.position(src.position() + n);
            }
        } else if (item instanceof StateItem.Custom c) {
            byte[] bytes = new byte[Math.toIntExact(length)];
            for (int off = 0; off < bytes.length; ) {
                ByteBuffer src = need(1);
                int n = Math.min(src.remaining(), bytes.length - off);
                src.get(bytes, off, n);
                off += n;
            }
            c.object().readState(new DataInputStream(new ByteArrayInputStream(bytes)));
        } else {
            throw bad("holds state '" + name + "' as one task's own, the program registers it " + item.layout().label());
        }
        return name;
    }

    private void readArray(StateItem.PrimitiveArray a) throws IOException {
        int length = a.length();
        int elem = a.elementSize();
        for (int off = 0; off < length; ) {
            ByteBuffer src = need(elem);
            int n = Math.min(length - off, src.remaining() / elem);
            ArrayCopy.fromBuffer(src, a.array(), off, n);
            off += n;
        }
    }

    private void expectLength(String name, long registered, long stored) throws SetFileException {
        if (registered != stored) {
            throw bad("state '" + name + "' holds " + stored + " bytes, the program registered " + registered);
        }
    }

    /** The staging buffer holding at least {@code bytes} unread bytes. */
    private ByteBuffer need(int bytes) throws IOException {
        if (staging.remaining() >= bytes) {
            return staging;
        }
        staging.compact();
        while (staging.position() < bytes) {
            int n = channel.read(staging);
            if (n < 0) {
                throw new EOFException();
            }
            progress.advance(n);
        }
        return staging.flip();
    }

    private SetFileException bad(String what) {
        return new SetFileException(file + ": " + what);
    }
}
