package org.jckpt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The permission bits of every file and directory jckpt creates for a job: the owner's only, or
 * with group read when the user asks ({@code --ckpt-group-read}); never any for others. A task
 * file or a DMTCP image holds a process's data, and a cluster node is shared. Each is created
 * owner-only (the umask can only take bits away) and then set to exactly its mode, so the umask
 * never matters and nothing is ever more open than intended.
 */
public record FileModes(boolean groupRead) {
    public static final FileModes OWNER_ONLY = new FileModes(false);

    private static final FileAttribute<Set<PosixFilePermission>> CREATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> CREATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    public Set<PosixFilePermission> file() {
        return PosixFilePermissions.fromString(groupRead ? "rw-r-----" : "rw-------");
    }

    public Set<PosixFilePermission> directory() {
        return PosixFilePermissions.fromString(groupRead ? "rwxr-x---" : "rwx------");
    }

    /**
     * An empty file open for writing. A leftover of that name (a crashed write's) is truncated
     * before its mode is set, so it shows no data while more open; a symbolic link there is
     * refused, not followed, and another user's file fails at the mode (only its owner may set it).
     */
    public FileChannel createForWriting(Path file) throws IOException {
        return openWithMode(file, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * {@code file} open for appending, created owner-only if missing and then set to this mode:
     * each write lands whole at the end, whoever else appends (O_APPEND).
     */
    public FileChannel openForAppend(Path file) throws IOException {
        return openWithMode(file, StandardOpenOption.APPEND);
    }

    /** {@code file} open for writing ({@code how}: truncated or appended to), created owner-only, then set to this mode. */
    private FileChannel openWithMode(Path file, StandardOpenOption how) throws IOException {
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, how,
                LinkOption.NOFOLLOW_LINKS), CREATE_FILE);
        try {
            Files.setPosixFilePermissions(file, file());
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /** Writes {@code bytes} to {@code file}, created as {@link #createForWriting} does (not synced). */
    public void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = createForWriting(file)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    /** Creates {@code dir}, which must not exist yet, with this mode. */
    public Path createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, CREATE_DIRECTORY);
        Files.setPosixFilePermissions(dir, directory());
        return dir;
    }

    /** Creates {@code dir} and every missing parent with this mode; existing ones are left as they are. */
    public Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent());
        }
        try {
            createDirectory(absolute);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
            // Created meanwhile, e.g. by another task, with its creator's mode.
        }
        return dir;
    }

    /**
     * Sets the mode of a file, or of a directory and everything below it, that someone else
     * created (DMTCP's images and {@code _files}); symbolic links are left alone.
     */
    public void restrict(Path tree) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isSymbolicLink()) {
                    Files.setPosixFilePermissions(p, a.isDirectory() ? directory() : file());
                }
            }
        }
    }
}
