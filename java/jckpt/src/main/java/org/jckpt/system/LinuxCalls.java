package org.jckpt.system;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;

/**
 * The few libc functions behind {@link GentleIo}, bound through JNA. off_t is a Java long: jckpt
 * binds them only on 64-bit Linux, where off_t and loff_t are 64 bits.
 */
interface LinuxCalls extends Library {
    int open(String path, int flags);

    int close(int fd);

    /** Returns the error number itself (0 on success), not -1 and errno. */
    int posix_fadvise(int fd, long offset, long len, int advice);

    int sync_file_range(int fd, long offset, long nbytes, int flags);

    int setpriority(int which, int who, int prio);

    int syscall(NativeLong number, Object... args);
}
