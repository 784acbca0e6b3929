package org.jckpt.engine.app.taskfile;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jckpt.record.LogEvent;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;

/**
 * A task file as its task reports it to task 0, which records it in the set file; {@code items}
 * says how each item is stored when the file was compressed on its way out.
 */
public record WrittenFile(String host, String file, Checksummed sum, CheckpointSet.IndexEntry index,
                          List<CheckpointSet.StoredItem> items) {

    public WrittenFile(String host, String file, Checksummed sum, CheckpointSet.IndexEntry index) {
        this(host, file, sum, index, List.of());
    }

    /** One line of tab-separated fields, for jckpt's collectives and relays. */
    public String encode() {
        List<String> f = new ArrayList<>(List.of(host, file, Long.toString(sum.size()), Long.toString(sum.crc()),
                Long.toString(index.offset()), index.crc32c(), Integer.toString(index.pieces().size())));
        index.pieces().forEach((name, p) -> f.addAll(List.of(name, Long.toString(p.first()), Long.toString(p.count()))));
        for (CheckpointSet.StoredItem i : items) {
            f.addAll(List.of(i.name(), i.codec(), Long.toString(i.bytes()), Long.toString(i.stored())));
        }
        return String.join("\t", f);
    }

    public static WrittenFile decode(String line) {
        String[] f = line.split("\t");
        SortedMap<String, CheckpointSet.Piece> pieces = new TreeMap<>();
        int k = 7;
        for (int n = Integer.parseInt(f[6]); n > 0; n--, k += 3) {
            pieces.put(f[k], new CheckpointSet.Piece(Long.parseLong(f[k + 1]), Long.parseLong(f[k + 2])));
        }
        List<CheckpointSet.StoredItem> items = new ArrayList<>();
        for (; k + 3 < f.length; k += 4) {
            items.add(new CheckpointSet.StoredItem(f[k], f[k + 1], Long.parseLong(f[k + 2]), Long.parseLong(f[k + 3])));
        }
        return new WrittenFile(f[0], f[1], new Checksummed(Long.parseLong(f[3]), Long.parseLong(f[2])),
                new CheckpointSet.IndexEntry(Long.parseLong(f[4]), f[5], pieces), items);
    }

    /** The state this file holds, before compression. */
    long rawBytes() {
        return sum.size() + items.stream().mapToLong(i -> i.bytes() - i.stored()).sum();
    }

    /**
     * The record's event of set {@code tag} of {@code files}, committed now; {@code localCommit}
     * and {@code flushStart} are null for a set written in the pause.
     */
    public static LogEvent committed(int tag, List<WrittenFile> files, Long localCommit, Long flushStart, List<Integer> coalesced) {
        long now = System.currentTimeMillis();
        long bytes = files.stream().mapToLong(f -> f.sum().size()).sum();
        Double mbps = flushStart == null ? null : bytes / 1e3 / Math.max(1, now - flushStart);
        return LogEvent.commit(tag, bytes, files.stream().mapToLong(WrittenFile::rawBytes).sum(), localCommit, now, mbps,
                coalesced);
    }

    /** The record's event of set {@code tag} of {@code files}, committed on the local level at {@code time} and not flushed. */
    public static LogEvent committedLocally(int tag, List<WrittenFile> files, long time) {
        return LogEvent.localCommit(tag, files.stream().mapToLong(f -> f.sum().size()).sum(),
                files.stream().mapToLong(WrittenFile::rawBytes).sum(), time);
    }

    CheckpointSet.FileEntry entry(int task) {
        return new CheckpointSet.FileEntry(Integer.toString(task), file, sum.size(), sum.crcHex(), index, items);
    }
}
