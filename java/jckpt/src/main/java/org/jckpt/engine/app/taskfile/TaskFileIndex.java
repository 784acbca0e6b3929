package org.jckpt.engine.app.taskfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jckpt.engine.app.taskfile.codec.Compression;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Layout;

/**
 * The index at the end of a task file: where each item's bytes are, with its layout and global
 * range, and the CRC-32C of every {@link #BLOCK}-byte block of the file before the index, so that a
 * task reading part of the file checks exactly the blocks it reads.
 *
 * <p>Format 2 (files as tasks write them) stores every item as is. Format 3 (files compressed on
 * their way out, see {@link TaskFileCompressor}) adds per item how it is {@link Packing packed};
 * its encoding starts with {@code -3} where format 2's starts with the item count, so that each is
 * read as what it is.
 */
public record TaskFileIndex(List<Item> items, int[] blockCrcs) {
    /** 1 MiB: a partial read costs at most two blocks more than it needs; the index holds 4 bytes per MiB. */
    static final int BLOCK = 1 << 20;
    /** The task file format whose items may be packed. */
    static final int PACKED_FORMAT = 3;

    /**
     * One item's bytes in the file; for a distributed item, the global elements it holds
     * ({@code firstElement}, {@code elements} of {@code globalElements}), else zeros. {@code bytes}
     * is the item's own length; a packed item's stored bytes start at {@code offset} and run
     * {@link Packing#storedBytes()}; {@code packing} is null for an item stored as is.
     */
    public record Item(String name, Layout layout, char kind, long offset, long bytes, long firstElement, long elements,
                       long globalElements, Packing packing) {
        /** An item stored as is. */
        Item(String name, Layout layout, char kind, long offset, long bytes, long firstElement, long elements, long globalElements) {
            this(name, layout, kind, offset, bytes, firstElement, elements, globalElements, null);
        }

        /** This item, stored at {@code offset} as {@code packing} says (null: as is). */
        Item storedAt(long offset, Packing packing) {
            return new Item(name, layout, kind, offset, bytes, firstElement, elements, globalElements, packing);
        }

        /** The bytes it takes in the file. */
        long storedBytes() {
            return packing == null ? bytes : packing.storedBytes();
        }
    }

    /**
     * How a packed item is stored: in chunks of {@code chunk} raw bytes (the last may be shorter),
     * each compressed on its own with {@code codec} after a byte-shuffle in elements of {@code width}
     * bytes (1: none); chunk {@code k} is stored from {@code starts[k]} to {@code starts[k + 1]},
     * relative to the item's offset, and is stored as is when that is its raw length.
     */
    public record Packing(Compression.Codec codec, int width, int chunk, long[] starts) {
        long storedBytes() {
            return starts[starts.length - 1];
        }

        int chunks() {
            return starts.length - 1;
        }

        int storedLength(int k) {
            return (int) (starts[k + 1] - starts[k]);
        }
    }

    /** The global ranges of the distributed ones of {@code items}, by name: what the set file records of them. */
    static SortedMap<String, CheckpointSet.Piece> pieces(List<Item> items) {
        SortedMap<String, CheckpointSet.Piece> pieces = new TreeMap<>();
        items.stream().filter(i -> i.layout() == Layout.DISTRIBUTED)
                .forEach(i -> pieces.put(i.name(), new CheckpointSet.Piece(i.firstElement(), i.elements())));
        return pieces;
    }

    Item item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }

    boolean packed() {
        return items.stream().anyMatch(i -> i.packing() != null);
    }

    byte[] encode() {
        boolean packed = packed();
        int size = 8 + 4 * blockCrcs.length + (packed ? 4 : 0);
        for (Item i : items) {
            size += 2 + i.name().getBytes(StandardCharsets.UTF_8).length + 2 + 5 * 8;
            if (packed) {
                size += 1 + (i.packing() == null ? 0 : 1 + 4 + 4 + 4 * i.packing().chunks());
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        if (packed) {
            b.putInt(-PACKED_FORMAT);
        }
        b.putInt(items.size());
        for (Item i : items) {
            byte[] name = i.name().getBytes(StandardCharsets.UTF_8);
            b.putShort((short) name.length).put(name).put((byte) i.layout().ordinal()).put((byte) i.kind())
                    .putLong(i.offset()).putLong(i.bytes()).putLong(i.firstElement()).putLong(i.elements()).putLong(i.globalElements());
            if (packed) {
                encodePacking(i.packing(), b);
            }
        }
        b.putInt(blockCrcs.length);
        for (int crc : blockCrcs) {
            b.putInt(crc);
        }
        return b.array();
    }

    private static void encodePacking(Packing p, ByteBuffer b) {
        if (p == null) {
            b.put((byte) Compression.Codec.NONE.ordinal());
            return;
        }
        b.put((byte) p.codec().ordinal()).put((byte) p.width()).putInt(p.chunk()).putInt(p.chunks());
        for (int k = 0; k < p.chunks(); k++) {
            b.putInt(p.storedLength(k));
        }
    }

    /** Decodes an index (format 2 or 3) whose checksum the caller has checked. */
    static TaskFileIndex decode(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        int count = b.getInt();
        boolean packed = count == -PACKED_FORMAT;
        if (packed) {
            count = b.getInt();
        }
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            byte[] name = new byte[b.getShort()];
            b.get(name);
            Item item = new Item(new String(name, StandardCharsets.UTF_8), Layout.values()[b.get()], (char) b.get(),
                    b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
            items.add(packed ? item.storedAt(item.offset(), decodePacking(b)) : item);
        }
        int[] crcs = new int[b.getInt()];
        for (int k = 0; k < crcs.length; k++) {
            crcs[k] = b.getInt();
        }
        return new TaskFileIndex(items, crcs);
    }

    private static Packing decodePacking(ByteBuffer b) {
        Compression.Codec codec = Compression.Codec.values()[b.get()];
        if (codec == Compression.Codec.NONE) {
            return null;
        }
        int width = b.get();
        int chunk = b.getInt();
        long[] starts = new long[b.getInt() + 1];
        for (int k = 1; k < starts.length; k++) {
            starts[k] = starts[k - 1] + b.getInt();
        }
        return new Packing(codec, width, chunk, starts);
    }
}
