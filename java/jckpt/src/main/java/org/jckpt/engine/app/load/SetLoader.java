package org.jckpt.engine.app.load;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jckpt.api.Redistributable;
import org.jckpt.engine.StateItem;
import org.jckpt.engine.TaskState;
import org.jckpt.engine.app.taskfile.ArrayCopy;
import org.jckpt.engine.app.taskfile.OldTaskFile;
import org.jckpt.engine.app.taskfile.ReadBuffers;
import org.jckpt.engine.app.taskfile.TaskFileIndex;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Layout;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;

/**
 * Loads one restarted task's state from a set (format 3 on) written by any number of tasks: each
 * distributed piece from the old files whose pieces overlap it, replicated items from task 0's
 * file, redistributable objects from the old parts dealt to this task, task-local items from the
 * task's own old file (the same task count). Reads are positional, of the ranges needed only, and
 * every block is checked before its bytes are used. Arrays and buffers are filled as their checked
 * blocks arrive; objects read their bytes only in {@link Loaded#deliver()}, once every task has read
 * its part without a problem.
 */
public final class SetLoader implements AutoCloseable {
    private final CheckpointSet set;
    private final Path setFile;
    private final Path dir;
    private final int rank;
    private final int tasks;
    private final Progress progress;
    private final OldTaskFile[] files;
    private final ReadBuffers buffers = new ReadBuffers(TaskFileWriter.CHUNK);

    /** What is left to do once every task has read its bytes: objects and file offsets; closing ends the reading. */
    public interface Loaded extends AutoCloseable {
        void deliver() throws IOException;

        @Override
        default void close() throws IOException {
        }
    }

    private interface Delivery {
        void run() throws IOException;
    }

    public SetLoader(CheckpointSet set, Path setFile, int rank, int tasks, Progress progress) {
        this.set = set;
        this.setFile = setFile;
        this.dir = setFile.toAbsolutePath().getParent();
        this.rank = rank;
        this.tasks = tasks;
        this.progress = progress;
        this.files = new OldTaskFile[set.tasks()];
    }

    public Loaded load(TaskState state) throws SetFileException, IOException {
        requireSameNames(state);
        List<Delivery> deliveries = new ArrayList<>();
        for (Map.Entry<String, StateItem> e : state.items().entrySet()) {
            String name = e.getKey();
            StateItem item = e.getValue();
            if (item instanceof StateItem.Distributed d) {
                loadPiece(name, d);
            } else if (item instanceof StateItem.Replicated r) {
                fill(name, 0, r.array(), 0, r.array().length());
            } else if (item instanceof StateItem.Parts p) {
                List<DataInput> parts = new ArrayList<>();
                for (int old = 0; old < set.tasks(); old++) {
                    if (set.tasks() == tasks ? old == rank : Redistributable.newTaskOf(old, set.tasks(), tasks) == rank) {
                        parts.add(bytesOf(name, old));
                    }
                }
                deliveries.add(set.tasks() == tasks ? () -> p.object().readState(parts.get(0)) : () -> p.object().readParts(parts));
            } else if (item instanceof StateItem.PrimitiveArray a) {
                fill(name, rank, a, 0, a.length());
            } else if (item instanceof StateItem.Buffer b) {
                ByteBuffer dst = b.buffer().duplicate().clear();
                expectBytes(name, rank, dst.capacity());
                read(name, rank, 0, dst.capacity(), dst::put);
            } else if (item instanceof StateItem.Custom c) {
                DataInput in = bytesOf(name, rank);
                deliveries.add(() -> c.object().readState(in));
            }
        }
        for (Map.Entry<String, FileChannel> e : state.files().entrySet()) {
            // Task files are little-endian; DataInput reads big-endian.
            long position = Long.reverseBytes(bytesOf(e.getKey(), rank).readLong());
            deliveries.add(() -> e.getValue().position(position));
        }
        return new Loaded() {
            @Override
            public void deliver() throws IOException {
                for (Delivery d : deliveries) {
                    d.run();
                }
            }

            @Override
            public void close() throws IOException {
                SetLoader.this.close();
            }
        };
    }

    /** The registered names are the set's, each with the layout it was saved with. */
    private void requireSameNames(TaskState state) throws SetFileException {
        Set<String> saved = new HashSet<>(set.layout().keySet());
        for (Map.Entry<String, StateItem> e : state.items().entrySet()) {
            requireSaved(e.getKey(), e.getValue().layout(), saved);
        }
        for (String file : state.files().keySet()) {
            requireSaved(file, Layout.LOCAL, saved);
        }
        if (!saved.isEmpty()) {
            throw bad("has state " + saved + " that the program did not register");
        }
    }

    private void requireSaved(String name, Layout layout, Set<String> saved) throws SetFileException {
        String savedAs = set.layout().get(name);
        if (savedAs == null) {
            throw bad("holds no state named '" + name + "'; the program registers other state than the one checkpointed");
        }
        if (!savedAs.equals(layout.label())) {
            throw bad("holds state '" + name + "' as " + savedAs + ", the program registers it " + layout.label());
        }
        saved.remove(name);
    }

    /** This task's piece of a global range, from every old piece that overlaps it. */
    private void loadPiece(String name, StateItem.Distributed d) throws SetFileException, IOException {
        long first = d.range().firstElement();
        long end = first + d.range().elementCount();
        long covered = 0;
        int elem = d.array().elementSize();
        for (int old = 0; old < set.tasks(); old++) {
            if (!OldFilesRead.overlaps(set, old, name, first, end - first)) {
                continue; // not opened: on the node-local level, a rebuild brings a node only the files its tasks read
            }
            TaskFileIndex.Item piece = itemOf(name, old, d.kind());
            if (piece.globalElements() != d.range().globalElements()) {
                throw new SetFileException(file(old) + ": '" + name + "' spans " + piece.globalElements()
                        + " global elements, the program registers " + d.range().globalElements());
            }
            long lo = Math.max(first, piece.firstElement());
            long hi = Math.min(end, piece.firstElement() + piece.elements());
            if (lo < hi) {
                int at = Math.toIntExact(d.arrayOffset() + lo - first);
                readInto(old, piece, (lo - piece.firstElement()) * elem, hi - lo, d.array(), at);
                covered += hi - lo;
            }
        }
        if (covered != end - first) {
            throw bad("pieces of '" + name + "' cover " + covered + " of the " + (end - first) + " elements task " + rank
                    + " registers (overlapping or missing pieces)");
        }
    }

    private void fill(String name, int old, StateItem.PrimitiveArray a, int at, int count) throws SetFileException, IOException {
        TaskFileIndex.Item item = itemOf(name, old, a.kind());
        expectBytes(name, old, (long) count * a.elementSize());
        readInto(old, item, 0, count, a, at);
    }

    /** Reads {@code elements} elements from byte {@code from} of {@code item} into {@code a} from {@code at}. */
    private void readInto(int old, TaskFileIndex.Item item, long from, long elements, StateItem.PrimitiveArray a, int at)
            throws SetFileException, IOException {
        int elem = a.elementSize();
        int[] next = {at};
        file(old).read(item, from, elements * elem, buffers, bytes -> {
            int n = bytes.remaining() / elem;
            ArrayCopy.fromBuffer(bytes, a.array(), next[0], n);
            next[0] += n;
        }, progress);
    }

    /**
     * An object's bytes in old task {@code old}'s file: checked now (a damaged block is found before
     * any object is touched), then streamed again when the object reads itself.
     */
    private DataInput bytesOf(String name, int old) throws SetFileException, IOException {
        long length = file(old).item(name).bytes();
        read(name, old, 0, length, bytes -> { });
        return new DataInputStream(new ItemInput((from, bytes, sink) -> read(name, old, from, bytes, sink), length));
    }

    private void read(String name, int old, long from, long bytes, OldTaskFile.Sink sink) throws SetFileException, IOException {
        TaskFileIndex.Item item = file(old).item(name);
        file(old).read(item, from, bytes, buffers, sink, progress);
    }

    private void expectBytes(String name, int old, long registered) throws SetFileException, IOException {
        long stored = file(old).item(name).bytes();
        if (stored != registered) {
            throw new SetFileException(dir.resolve(entry(old).file()) + ": state '" + name + "' holds " + stored
                    + " bytes, the program registered " + registered);
        }
    }

    private TaskFileIndex.Item itemOf(String name, int old, char kind) throws SetFileException, IOException {
        TaskFileIndex.Item item = file(old).item(name);
        if (item.kind() != kind) {
            throw new SetFileException(dir.resolve(entry(old).file()) + ": state '" + name + "' is of kind " + item.kind()
                    + ", registered as " + kind);
        }
        return item;
    }

    /** Old task {@code old}'s file, opened (and its index checked) on first use. */
    private OldTaskFile file(int old) throws SetFileException, IOException {
        if (files[old] == null) {
            files[old] = OldTaskFile.open(dir, entry(old));
        }
        return files[old];
    }

    private CheckpointSet.FileEntry entry(int old) throws SetFileException {
        return OldFilesRead.indexedFile(set, old).orElseThrow(() -> bad("has no indexed file for task " + old));
    }

    private SetFileException bad(String what) {
        return new SetFileException(setFile + ": " + what);
    }

    @Override
    public void close() throws IOException {
        buffers.close();
        for (OldTaskFile f : files) {
            if (f != null) {
                f.close();
            }
        }
    }
}
