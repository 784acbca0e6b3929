package org.jckpt.system;

/**
 * Advice to the kernel about one file, through a read-only descriptor of its own: the data goes
 * through the JDK's channels, this descriptor only carries advice, so nothing it does (or fails
 * to do) can change what the file holds. Every method returns whether the kernel took it.
 */
public class FileHints implements AutoCloseable {
    private static final FileHints NONE = new FileHints(null, -1);

    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int SYNC_FILE_RANGE_WAIT_BEFORE = 1;
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final int SYNC_FILE_RANGE_WAIT_AFTER = 4;

    private final LinuxCalls libc;
    private int fd;

    FileHints(LinuxCalls libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** Takes no advice: where {@link GentleIo} is unavailable, the file could not be opened, or none is wanted. */
    public static FileHints none() {
        return NONE;
    }

    public boolean active() {
        return libc != null && fd >= 0;
    }

    // A length of 0 means "to the end of the file" to both calls.

    /** Starts write-back of the range's dirty pages and returns without waiting for it. */
    public boolean startWriteBack(long offset, long length) {
        return active() && libc.sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE) == 0;
    }

    /** Writes the range's dirty pages and waits until they are on the device (not a substitute for fsync: no metadata, no cache flush). */
    public boolean awaitWriteBack(long offset, long length) {
        int all = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;
        return active() && libc.sync_file_range(fd, offset, length, all) == 0;
    }

    /** Drops the range's clean pages from the page cache (dirty ones stay: the kernel only starts their write-back). */
    public boolean dropCache(long offset, long length) {
        return active() && libc.posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED) == 0;
    }

    @Override
    public void close() {
        if (active()) {
            libc.close(fd);
            fd = -1; // a second close must not close a descriptor the number was reused for
        }
    }
}
