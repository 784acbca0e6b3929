package org.jckpt.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The node-local level: a private directory on a tmpfs (the default, {@code /dev/shm}) or a local
 * disk, where the checkpoint pause copies each task's state before a background flush takes it to
 * the global directory. One directory per checkpoint name and global directory,
 * {@code <root>/jckpt-<user>/<name>-<hash of the global directory>}, holds that job's copies under
 * the global names, its local set files, and one spare file per task for the next copy to reuse.
 *
 * @param naming  names of the copies, in the local directory
 * @param tmpfs   whether the directory is memory, so that room is the node's available memory
 * @param capBytes at most this many bytes of this job's copies on a node; 0 for no cap
 * @param store    the file system, found once: finding it reads the mount table
 */
public record LocalLevel(SetNaming naming, boolean tmpfs, long capBytes, FileStore store) {
    /** The default root: memory, on every Linux node. */
    public static final Path DEFAULT_ROOT = Path.of("/dev/shm");

    /** Memory left to the program whatever checkpoints need: a tenth of the node's, at least 1 GiB. */
    static long marginBytes(long memTotal) {
        return Math.max(memTotal / 10, 1L << 30);
    }

    /**
     * The local level for the checkpoints named {@code global}, under {@code root}; why there is none
     * when {@code root} is missing, unwritable, or its jckpt directory is not this user's own.
     */
    public static LocalLevel open(Path root, SetNaming global, long capBytes, FileModes modes) throws IOException {
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IOException(root + " is not a writable directory");
        }
        Path mine = root.resolve("jckpt-" + System.getProperty("user.name"));
        modes.createDirectories(mine);
        PosixFileAttributes a = Files.readAttributes(mine, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory() || !a.owner().getName().equals(System.getProperty("user.name"))) {
            throw new IOException(mine + " is not a directory of " + System.getProperty("user.name"));
        }
        Files.setPosixFilePermissions(mine, modes.directory());
        Path dir = modes.createDirectories(mine.resolve(global.name() + "-" + hash(global.dir())));
        FileStore store = Files.getFileStore(dir);
        return new LocalLevel(new SetNaming(dir, global.name()), store.type().equals("tmpfs"), capBytes, store);
    }

    /** The local level {@code open} would give, if its directory exists; for restarts and cleanup. */
    public static Optional<SetNaming> existing(Path root, SetNaming global) {
        Path dir = root.resolve("jckpt-" + System.getProperty("user.name")).resolve(global.name() + "-" + hash(global.dir()));
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? Optional.of(new SetNaming(dir, global.name())) : Optional.empty();
    }

    /** The local levels under {@code root} of every checkpoint name of the global directory {@code globalDir}. */
    public static List<SetNaming> existingFor(Path root, Path globalDir) throws IOException {
        Path mine = root.resolve("jckpt-" + System.getProperty("user.name"));
        String suffix = "-" + hash(globalDir);
        List<SetNaming> levels = new ArrayList<>();
        if (!Files.isDirectory(mine, LinkOption.NOFOLLOW_LINKS)) {
            return levels;
        }
        try (Stream<Path> dirs = Files.list(mine)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String n = d.getFileName().toString();
                if (n.endsWith(suffix) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    levels.add(new SetNaming(d, n.substring(0, n.length() - suffix.length())));
                }
            }
        }
        return levels;
    }

    private static String hash(Path dir) {
        CRC32 crc = new CRC32();
        crc.update(dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    public Path dir() {
        return naming.dir();
    }

    /**
     * A level in a hidden directory inside this one, {@code .<name>}, for copies that must not
     * look like this job's: no name pattern of a checkpoint matches a name starting with a dot.
     */
    public LocalLevel scratch(String name, FileModes modes) throws IOException {
        Path dir = modes.createDirectories(naming.dir().resolve("." + name));
        return new LocalLevel(new SetNaming(dir, name), tmpfs, 0, store);
    }

    /** Where task {@code task} copies the state of set {@code tag} before it is checksummed. */
    public Path partFile(int task, int tag) {
        return naming.dir().resolve(naming.taskFile(task, tag).getFileName() + ".part");
    }

    /** A finished copy of task {@code task} that the next copy overwrites instead of taking new pages. */
    public Path spareFile(int task) {
        return naming.dir().resolve(naming.name() + "." + task + ".spare");
    }

    /**
     * Why {@code tasksHere} tasks of {@code bytesEach} cannot all copy their state here now, or
     * empty when they can: tmpfs takes the node's memory, so beside its free space there must stay
     * the margin of available memory that keeps the kernel's OOM killer off the job.
     */
    public String lackOfRoom(int tasksHere, long bytesEach) throws IOException {
        long need = tasksHere * bytesEach;
        long free = store.getUsableSpace();
        if (tmpfs) {
            MemInfo mem = MemInfo.read();
            free = Math.min(free, mem.availableBytes() - marginBytes(mem.totalBytes()));
        }
        if (need > free) {
            return String.format("no room on %s for %d x %s (%s free%s)", naming.dir(), tasksHere, Bytes.human(bytesEach),
                    Bytes.human(Math.max(free, 0)), tmpfs ? " after a margin of the node's memory" : "");
        }
        if (capBytes > 0 && used() + need > capBytes) {
            return String.format("the local cap %s would be exceeded (%s used, %d x %s more)", Bytes.human(capBytes),
                    Bytes.human(used()), tasksHere, Bytes.human(bytesEach));
        }
        return "";
    }

    /** Bytes of this job's copies in the directory. */
    private long used() throws IOException {
        long sum = 0;
        try (Stream<Path> files = Files.list(naming.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                try {
                    sum += Files.size(f);
                } catch (NoSuchFileException e) {
                    // Another task on this node retired it meanwhile.
                }
            }
        }
        return sum;
    }
}
