package org.jckpt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Crash-safe file updates: data and directory entries reach the disk before anyone relies on them. */
public final class Durable {
    private Durable() {
    }

    /**
     * Writes {@code bytes} to {@code target} atomically, with the mode {@code modes} gives files:
     * temporary file, fsync, rename, fsync of the directory.
     */
    public static void writeAtomically(Path target, byte[] bytes, FileModes modes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel ch = modes.createForWriting(tmp)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        renameDurably(tmp, target);
    }

    /** Renames {@code from} to {@code to} (same directory) and makes the rename durable. */
    public static void renameDurably(Path from, Path to) throws IOException {
        rename(from, to);
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /**
     * Renames without syncing the directory: for task files, whose names become durable with the
     * directory sync that commits the set file beside them.
     */
    public static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes {@code files} (relative to {@code dir}, which may hold them in subdirectories) durable. */
    public static void syncFiles(Path dir, List<String> files) throws IOException {
        Set<Path> dirs = new TreeSet<>();
        for (String f : files) {
            Path file = dir.resolve(f);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.force(false);
            }
            dirs.add(file.toAbsolutePath().getParent());
        }
        for (Path d : dirs) {
            syncDirectory(d);
        }
    }

    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
