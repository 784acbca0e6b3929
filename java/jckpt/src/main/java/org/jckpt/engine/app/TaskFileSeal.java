package org.jckpt.engine.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;

/**
 * Completes a {@link TaskFileWriter.Raw} file: one pass over its data sums every
 * {@link TaskFileIndex#BLOCK} and the whole, then the index goes after the data. Reading back what
 * was just written costs little (it is in memory) and keeps the copy in the pause to a copy.
 */
final class TaskFileSeal {
    private static final int CHUNK = 1 << 20;

    private TaskFileSeal() {
    }

    /** Appends the index to {@code raw}'s file; syncs the file when {@code sync}. */
    static TaskFileWriter.Result seal(TaskFileWriter.Raw raw, boolean sync) throws IOException {
        try (FileChannel ch = FileChannel.open(raw.file(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            CRC32C whole = new CRC32C();
            List<Integer> blocks = new ArrayList<>();
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            CRC32C block = new CRC32C();
            for (long at = 0; at < raw.dataSize(); ) {
                buf.clear().limit((int) Math.min(CHUNK, raw.dataSize() - at));
                readFully(ch, buf, at);
                buf.flip();
                whole.update(buf.duplicate());
                block.update(buf);
                at += buf.limit();
                if (at % TaskFileIndex.BLOCK == 0 || at == raw.dataSize()) {
                    blocks.add((int) block.getValue());
                    block.reset();
                }
            }
            byte[] index = new TaskFileIndex(raw.items(), blocks.stream().mapToInt(Integer::intValue).toArray()).encode();
            CRC32C indexCrc = new CRC32C();
            indexCrc.update(index);
            whole.update(index);
            ByteBuffer src = ByteBuffer.wrap(index);
            while (src.hasRemaining()) {
                ch.write(src, raw.dataSize() + src.position());
            }
            ch.truncate(raw.dataSize() + index.length);
            if (sync) {
                ch.force(false);
            }
            return new TaskFileWriter.Result(new Checksummed(whole.getValue(), raw.dataSize() + index.length),
                    new CheckpointSet.IndexEntry(raw.dataSize(), Checksums.hex(indexCrc.getValue())));
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
