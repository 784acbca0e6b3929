package org.jckpt.engine.app.taskfile;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksums;
import org.jckpt.store.DamagedSetException;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;

/**
 * A task file of the set a restart reads, opened for positional reads of byte ranges: its index is
 * checked against the set file, and every block a read touches against the index, before a byte of
 * it is handed on. A packed item's range is read as the chunks that hold it, each decompressed
 * after its stored blocks are checked.
 */
public final class OldTaskFile implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final TaskFileIndex index;
    /** The index as stored, checked against the set file. */
    private final ByteBuffer indexBytes;
    /** The bytes the blocks cover: everything before the index. */
    private final long dataSize;

    /** Something that takes checked bytes, in file order. */
    public interface Sink {
        void take(ByteBuffer bytes) throws IOException, SetFileException;
    }

    private OldTaskFile(Path file, FileChannel channel, ByteBuffer indexBytes, long dataSize) {
        this.file = file;
        this.channel = channel;
        this.index = TaskFileIndex.decode(indexBytes.duplicate());
        this.indexBytes = indexBytes.asReadOnlyBuffer();
        this.dataSize = dataSize;
    }

    /** Opens {@code entry}'s file in {@code dir} and reads its index, checking size and the index's checksum. */
    public static OldTaskFile open(Path dir, CheckpointSet.FileEntry entry) throws SetFileException, IOException {
        return open(dir.resolve(entry.file()), entry.size(), entry.index());
    }

    /** Opens {@code file}, of {@code size} bytes with its index where {@code indexEntry} says, checking both. */
    static OldTaskFile open(Path file, long size, CheckpointSet.IndexEntry indexEntry) throws SetFileException, IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DamagedSetException(file + ": task file is missing");
        }
        try {
            if (ch.size() != size) {
                throw new DamagedSetException(file + ": size " + ch.size() + " bytes, set file records " + size
                        + " (truncated or overwritten)");
            }
            long offset = indexEntry.offset();
            if (offset < 0 || offset > size || size - offset > Integer.MAX_VALUE) {
                throw new DamagedSetException(file + ": the set file places its index at byte " + offset + " of " + size
                        + " (corrupt set file)");
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size - offset));
            readFully(ch, bytes, offset);
            CRC32C crc = new CRC32C();
            crc.update(bytes.duplicate());
            if (!Checksums.hex(crc.getValue()).equals(indexEntry.crc32c())) {
                throw new DamagedSetException(file + ": index checksum " + Checksums.hex(crc.getValue()) + ", set file records "
                        + indexEntry.crc32c() + " (corrupt)");
            }
            return new OldTaskFile(file, ch, bytes, offset);
        } catch (SetFileException | IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The item named so in this file, or a failure naming the file. */
    public TaskFileIndex.Item item(String name) throws SetFileException {
        TaskFileIndex.Item item = index.item(name);
        if (item == null) {
            throw new SetFileException(file + ": holds no state named '" + name + "'");
        }
        return item;
    }

    TaskFileIndex index() {
        return index;
    }

    /** The index as stored, already checked. */
    ByteBuffer indexBytes() {
        return indexBytes.duplicate();
    }

    /** The size of what the blocks cover: the file before its index. */
    long dataSize() {
        return dataSize;
    }

    /**
     * Hands {@code bytes} of {@code item}'s own bytes from {@code from} on to {@code sink}, in order;
     * a packed item's in the pieces its chunks hold, each whole elements when {@code from} and the chunk size are.
     */
    public void read(TaskFileIndex.Item item, long from, long bytes, ReadBuffers buffers, Sink sink, Progress progress)
            throws SetFileException, IOException {
        if (from < 0 || bytes < 0 || from + bytes > item.bytes()) {
            throw new DamagedSetException(file + ": '" + item.name() + "' holds " + item.bytes() + " bytes, its index places"
                    + " elements at bytes " + from + " to " + (from + bytes) + " (corrupt index)");
        }
        if (item.packing() == null) {
            read(item.offset() + from, bytes, buffers.staging, sink, progress);
        } else if (bytes > 0) {
            readPacked(item, from, from + bytes, buffers, sink, progress);
        }
    }

    /** Reads the stored chunks that hold {@code [from, end)} of a packed item and hands on that range of their raw bytes. */
    private void readPacked(TaskFileIndex.Item item, long from, long end, ReadBuffers buffers, Sink sink, Progress progress)
            throws SetFileException, IOException {
        TaskFileIndex.Packing p = item.packing();
        int first = (int) (from / p.chunk());
        int last = (int) ((end - 1) / p.chunk());
        byte[] raw = buffers.raw(p.chunk());
        int[] k = {first};
        int[] filled = {0};
        long storedFrom = item.offset() + p.starts()[first];
        read(storedFrom, p.starts()[last + 1] - p.starts()[first], buffers.staging, piece -> {
            while (piece.hasRemaining()) {
                byte[] stored = buffers.stored(p.storedLength(k[0]));
                int n = Math.min(p.storedLength(k[0]) - filled[0], piece.remaining());
                piece.get(stored, filled[0], n);
                filled[0] += n;
                if (filled[0] == p.storedLength(k[0])) {
                    long at = (long) k[0] * p.chunk();
                    int rawLength = (int) Math.min(p.chunk(), item.bytes() - at);
                    unpack(item, k[0], stored, raw, rawLength, buffers);
                    int lo = (int) (Math.max(from, at) - at);
                    int hi = (int) (Math.min(end, at + rawLength) - at);
                    sink.take(ByteBuffer.wrap(raw, lo, hi - lo).slice().order(ByteOrder.LITTLE_ENDIAN));
                    progress.advance(hi - lo);
                    k[0]++;
                    filled[0] = 0;
                }
            }
        }, Progress.NONE);
    }

    private void unpack(TaskFileIndex.Item item, int k, byte[] stored, byte[] raw, int rawLength, ReadBuffers buffers)
            throws DamagedSetException {
        TaskFileIndex.Packing p = item.packing();
        try {
            buffers.unpacker(p.chunk()).unpack(p.codec(), stored, p.storedLength(k), p.width(), raw, rawLength);
        } catch (DataFormatException e) {
            throw new DamagedSetException(file + ": chunk " + k + " of '" + item.name() + "' does not decode: " + e.getMessage()
                    + " (corrupt)");
        }
    }

    /**
     * Hands {@code bytes} bytes from {@code offset} to {@code sink}, reading whole blocks, as many as
     * {@code staging} holds at a time, and checking each against the index first.
     */
    void read(long offset, long bytes, ByteBuffer staging, Sink sink, Progress progress) throws SetFileException, IOException {
        long end = offset + bytes;
        if (end > dataSize) {
            throw new DamagedSetException(file + ": an item runs past the file's data (corrupt index)");
        }
        int block = TaskFileIndex.BLOCK;
        for (long pos = offset; pos < end; ) {
            long from = pos / block * block;
            long to = Math.min(Math.min(from + staging.capacity(), (end + block - 1) / block * block), dataSize);
            staging.clear().limit((int) (to - from));
            readFully(channel, staging, from);
            checkBlocks(staging, from);
            long upTo = Math.min(end, to);
            sink.take(staging.slice((int) (pos - from), (int) (upTo - pos)).order(staging.order()));
            progress.advance(upTo - pos);
            pos = upTo;
        }
    }

    private void checkBlocks(ByteBuffer data, long from) throws SetFileException {
        CRC32C crc = new CRC32C();
        for (int at = 0; at < data.limit(); at += TaskFileIndex.BLOCK) {
            int n = Math.min(TaskFileIndex.BLOCK, data.limit() - at);
            crc.reset();
            crc.update(data.slice(at, n));
            int k = (int) ((from + at) / TaskFileIndex.BLOCK);
            if ((int) crc.getValue() != index.blockCrcs()[k]) {
                throw new DamagedSetException(file + ": block " + k + " (bytes " + (from + at) + " to " + (from + at + n)
                        + ") has checksum " + Checksums.hex(crc.getValue() & 0xffffffffL) + ", its index records "
                        + Checksums.hex(index.blockCrcs()[k] & 0xffffffffL) + " (corrupt)");
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new EOFException();
            }
            at += n;
        }
        buf.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
