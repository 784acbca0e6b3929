package org.jckpt.engine.app.taskfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;

/**
 * Completes a {@link TaskFileWriter.Raw} file: one pass over its data sums every
 * {@link TaskFileIndex#BLOCK} and the whole, then the index goes after the data. Reading back what
 * was just written costs little (it is in memory) and keeps the copy in the pause to a copy.
 */
public final class TaskFileSeal {
    private static final int CHUNK = 1 << 20;

    private TaskFileSeal() {
    }

    /** Appends the index to {@code raw}'s file; syncs the file when {@code sync}. */
    public static TaskFileWriter.Result seal(TaskFileWriter.Raw raw, boolean sync) throws IOException {
        try (FileChannel ch = FileChannel.open(raw.file(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            BlockSums sums = new BlockSums();
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            for (long at = 0; at < raw.dataSize(); ) {
                buf.clear().limit((int) Math.min(CHUNK, raw.dataSize() - at));
                readFully(ch, buf, at);
                at += buf.flip().limit();
                sums.update(buf);
            }
            byte[] index = new TaskFileIndex(raw.items(), sums.endBlocks()).encode();
            CRC32C indexCrc = new CRC32C();
            indexCrc.update(index);
            sums.update(ByteBuffer.wrap(index));
            ByteBuffer src = ByteBuffer.wrap(index);
            while (src.hasRemaining()) {
                ch.write(src, raw.dataSize() + src.position());
            }
            ch.truncate(raw.dataSize() + index.length);
            if (sync) {
                ch.force(false);
            }
            return new TaskFileWriter.Result(new Checksummed(sums.whole(), raw.dataSize() + index.length),
                    new CheckpointSet.IndexEntry(raw.dataSize(), Checksums.hex(indexCrc.getValue()),
                            TaskFileIndex.pieces(raw.items())));
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                throw new IOException("task file shorter than its data (" + at + " bytes read)");
            }
        }
    }
}
