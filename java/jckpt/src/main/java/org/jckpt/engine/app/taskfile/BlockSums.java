package org.jckpt.engine.app.taskfile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The CRC-32Cs of a task file as its bytes go by: the whole file's, and, up to
 * {@link #endBlocks()}, each {@link TaskFileIndex#BLOCK}-byte block's, which a restart checks
 * before it uses a block.
 */
final class BlockSums {
    private final CRC32C whole = new CRC32C();
    private final CRC32C block = new CRC32C();
    private final List<Integer> blocks = new ArrayList<>();
    private long summed;
    private boolean blocksEnded;

    /** Sums {@code data}'s remaining bytes, which it consumes. */
    void update(ByteBuffer data) {
        whole.update(data.duplicate());
        if (blocksEnded) {
            data.position(data.limit());
            return;
        }
        while (data.hasRemaining()) {
            int n = (int) Math.min(data.remaining(), TaskFileIndex.BLOCK - summed % TaskFileIndex.BLOCK);
            block.update(data.slice(data.position(), n));
            data.position(data.position() + n);
            summed += n;
            if (summed % TaskFileIndex.BLOCK == 0) {
                blocks.add((int) block.getValue());
                block.reset();
            }
        }
    }

    /** Ends the blocks (what follows, the index, has a checksum of its own) and returns theirs. */
    int[] endBlocks() {
        if (!blocksEnded && summed % TaskFileIndex.BLOCK != 0) {
            blocks.add((int) block.getValue());
        }
        blocksEnded = true;
        return blocks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The whole file's CRC-32C so far. */
    long whole() {
        return whole.getValue();
    }
}
