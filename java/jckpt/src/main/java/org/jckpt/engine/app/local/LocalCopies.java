package org.jckpt.engine.app.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jckpt.engine.TaskState;
import org.jckpt.engine.app.taskfile.TaskFileWriter;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.Progress;
import org.jckpt.system.Unmapper;

/**
 * One task's copy files on the node-local level, from the pause that writes one until it is
 * deleted. A copy no longer needed becomes the spare, which the next pause overwrites where it is
 * (the seal renames it): that reuses its pages, and on a tmpfs also its mapping, kept from the
 * pause that wrote it, so that the pause is a memory copy ({@link MappedCopy}). On a disk, copies
 * are written by write(2), as a mapping would read back every page the flush had dropped from the
 * cache. The pause's thread writes; the flush's local thread seals, prefaults, recycles and deletes.
 * A mapping is unmapped only by the local thread, at close, or by the pause's thread for its own
 * copy before it is handed over, so the local thread may touch a handed-over copy's mapping
 * outside the lock.
 */
public final class LocalCopies implements AutoCloseable {
    private static final int NONE = -1;

    private final LocalLevel local;
    private final int rank;
    private final FileModes modes;
    private final boolean mapped;
    /** Mappings of the copies still on the level, by tag. */
    private final Map<Integer, MappedCopy> byTag = new HashMap<>();
    /** The spare file's mapping, or null. */
    private MappedCopy spare;
    /** The tag whose copy is the spare file, until its seal renames it; else {@link #NONE}. */
    private int spareHeldBy = NONE;

    public LocalCopies(LocalLevel local, int rank, FileModes modes) {
        this.local = local;
        this.rank = rank;
        this.modes = modes;
        this.mapped = local.tmpfs() && Unmapper.available();
    }

    /** The pause: {@code writer} copies {@code state} as set {@code tag}'s copy, into the spare if there is one. */
    public TaskFileWriter.Raw write(TaskFileWriter writer, TaskState state, int tag, Progress shown) throws IOException {
        Path spareFile = local.spareFile(rank);
        MappedCopy reused = null;
        boolean intoSpare;
        synchronized (this) {
            intoSpare = spareHeldBy == NONE && Files.isRegularFile(spareFile, LinkOption.NOFOLLOW_LINKS);
            if (intoSpare) {
                spareHeldBy = tag;
                reused = spare;
                spare = null;
            }
        }
        Path file = intoSpare ? spareFile : local.partFile(rank, tag);
        if (!mapped) {
            try (FileChannel ch = intoSpare ? FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                    : modes.createForWriting(file)) {
                return writer.writeRaw(state, file, new TaskFileWriter.ChannelTarget(ch), shown);
            }
        }
        if (!intoSpare) {
            modes.createForWriting(file).close();
        }
        MappedCopy copy = reused != null ? reused : MappedCopy.open(file);
        held(tag, copy);
        TaskFileWriter.Raw raw = writer.writeRaw(state, file, copy, shown);
        copy.written(raw.dataSize());
        return raw;
    }

    /** Whether the spare file is free and has at least {@code bytes}, so that a copy of that size into it takes no new room. */
    public synchronized boolean spareHolds(long bytes) throws IOException {
        if (spareHeldBy != NONE) {
            return false;
        }
        if (spare != null) {
            return spare.extent() >= bytes;
        }
        Path file = local.spareFile(rank);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) >= bytes;
    }

    private synchronized void held(int tag, MappedCopy copy) {
        unmap(byTag.put(tag, copy));
    }

    /** Local thread: set {@code tag}'s sealed copy {@code file} takes its name, {@code sealed}. */
    public synchronized void sealed(int tag, Path file, Path sealed) throws IOException {
        Durable.rename(file, sealed);
        if (spareHeldBy == tag) {
            spareHeldBy = NONE;
        }
    }

    /** Local thread: set {@code tag}'s copy gets every page mapped, for when it is the spare. */
    public void prefault(int tag) {
        MappedCopy copy;
        synchronized (this) {
            copy = byTag.get(tag);
        }
        if (copy != null) {
            try {
                copy.prefault();
            } catch (IOException e) {
                // The pause that reuses it takes the page faults instead.
            }
        }
    }

    /**
     * Set {@code tag}'s sealed copy {@code file} is not needed: it becomes the spare, replacing the
     * last one, unless the spare's name is taken by a copy not yet sealed.
     */
    public synchronized void recycle(int tag, Path file) {
        if (spareHeldBy != NONE) {
            delete(tag, file);
            return;
        }
        try {
            Durable.rename(file, local.spareFile(rank));
            unmap(spare);
            spare = byTag.remove(tag);
        } catch (IOException e) {
            delete(tag, file);
        }
    }

    /** Deletes set {@code tag}'s copy {@code file}. */
    public synchronized void delete(int tag, Path file) {
        unmap(byTag.remove(tag));
        if (spareHeldBy == tag) {
            spareHeldBy = NONE;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover that the next run's cleanup removes.
        }
    }

    /** The pause of set {@code tag} failed: its copy, not handed over, goes. */
    public synchronized void discard(int tag) {
        delete(tag, spareHeldBy == tag ? local.spareFile(rank) : local.partFile(rank, tag));
    }

    /** Deletes the spare and unmaps every copy; the copies' files stay (for a restart from this level). */
    @Override
    public synchronized void close() {
        try {
            Files.deleteIfExists(local.spareFile(rank));
        } catch (IOException ignored) {
            // Removed by the next run's cleanup.
        }
        unmap(spare);
        spare = null;
        List<MappedCopy> all = new ArrayList<>(byTag.values());
        byTag.clear();
        all.forEach(LocalCopies::unmap);
    }

    private static void unmap(MappedCopy copy) {
        if (copy == null) {
            return;
        }
        try {
            copy.close();
        } catch (IOException ignored) {
            // Closing a channel whose writes are done: nothing is lost.
        }
    }
}
