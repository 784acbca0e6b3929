package org.jckpt.engine.app;

import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;

/** A task file as its task reports it to task 0, which records it in the set file. */
record WrittenFile(String host, String file, Checksummed sum, CheckpointSet.IndexEntry index) {

    /** One line for jckpt's collectives. */
    String encode() {
        return String.join("\t", host, file, Long.toString(sum.size()), Long.toString(sum.crc()),
                Long.toString(index.offset()), index.crc32c());
    }

    static WrittenFile decode(String line) {
        String[] f = line.split("\t");
        return new WrittenFile(f[0], f[1], new Checksummed(Long.parseLong(f[3]), Long.parseLong(f[2])),
                new CheckpointSet.IndexEntry(Long.parseLong(f[4]), f[5]));
    }
}
