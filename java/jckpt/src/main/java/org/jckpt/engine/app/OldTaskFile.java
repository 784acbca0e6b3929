package org.jckpt.engine.app;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksums;
import org.jckpt.store.DamagedSetException;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;

/**
 * A task file of the set a restart reads, opened for positional reads of byte ranges: its index is
 * checked against the set file, and every block a read touches against the index, before a byte of
 * it is handed on.
 */
final class OldTaskFile implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final TaskFileIndex index;
    /** The bytes the blocks cover: everything before the index. */
    private final long dataSize;

    /** Something that takes checked bytes, in file order. */
    interface Sink {
        void take(ByteBuffer bytes) throws IOException;
    }

    private OldTaskFile(Path file, FileChannel channel, TaskFileIndex index, long dataSize) {
        this.file = file;
        this.channel = channel;
        this.index = index;
        this.dataSize = dataSize;
    }

    /** Opens {@code entry}'s file in {@code dir} and reads its index, checking size and the index's checksum. */
    static OldTaskFile open(Path dir, CheckpointSet.FileEntry entry) throws SetFileException, IOException {
        Path file = dir.resolve(entry.file());
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DamagedSetException(file + ": task file is missing");
        }
        try {
            if (ch.size() != entry.size()) {
                throw new DamagedSetException(file + ": size " + ch.size() + " bytes, set file records " + entry.size()
                        + " (truncated or overwritten)");
            }
            long offset = entry.index().offset();
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(entry.size() - offset));
            readFully(ch, bytes, offset);
            CRC32C crc = new CRC32C();
            crc.update(bytes.duplicate());
            if (!Checksums.hex(crc.getValue()).equals(entry.index().crc32c())) {
                throw new DamagedSetException(file + ": index checksum " + Checksums.hex(crc.getValue()) + ", set file records "
                        + entry.index().crc32c() + " (corrupt)");
            }
            return new OldTaskFile(file, ch, TaskFileIndex.decode(bytes), offset);
        } catch (SetFileException | IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The item named so in this file, or a failure naming the file. */
    TaskFileIndex.Item item(String name) throws SetFileException {
        TaskFileIndex.Item item = index.item(name);
        if (item == null) {
            throw new SetFileException(file + ": holds no state named '" + name + "'");
        }
        return item;
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
