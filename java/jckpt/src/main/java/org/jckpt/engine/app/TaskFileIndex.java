package org.jckpt.engine.app;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jckpt.store.Layout;

/**
 * The index at the end of a task file (format 2): where each item's bytes are, with its layout and
 * global range, and the CRC-32C of every {@link #BLOCK}-byte block of the file before the index, so
 * that a task reading part of the file checks exactly the blocks it reads.
 */
record TaskFileIndex(List<Item> items, int[] blockCrcs) {
    /** 1 MiB: a partial read costs at most two blocks more than it needs; the index holds 4 bytes per MiB. */
    static final int BLOCK = 1 << 20;

    /**
     * One item's bytes in the file; for a distributed item, the global elements it holds
     * ({@code firstElement}, {@code elements} of {@code globalElements}), else zeros.
     */
    record Item(String name, Layout layout, char kind, long offset, long bytes, long firstElement, long elements,
                long globalElements) {
    }

    Item item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }

    byte[] encode() {
        int size = 8 + 4 * blockCrcs.length;
        for (Item i : items) {
            size += 2 + i.name().getBytes(StandardCharsets.UTF_8).length + 2 + 5 * 8;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(items.size());
        for (Item i : items) {
            byte[] name = i.name().getBytes(StandardCharsets.UTF_8);
            b.putShort((short) name.length).put(name).put((byte) i.layout().ordinal()).put((byte) i.kind())
                    .putLong(i.offset()).putLong(i.bytes()).putLong(i.firstElement()).putLong(i.elements()).putLong(i.globalElements());
        }
        b.putInt(blockCrcs.length);
        for (int crc : blockCrcs) {
            b.putInt(crc);
        }
        return b.array();
    }

    /** Decodes an index whose checksum the caller has checked. */
    static TaskFileIndex decode(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        int count = b.getInt();
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            byte[] name = new byte[b.getShort()];
            b.get(name);
            items.add(new Item(new String(name, StandardCharsets.UTF_8), Layout.values()[b.get()], (char) b.get(),
                    b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong()));
        }
        int[] crcs = new int[b.getInt()];
        for (int k = 0; k < crcs.length; k++) {
            crcs[k] = b.getInt();
        }
        return new TaskFileIndex(items, crcs);
    }
}
