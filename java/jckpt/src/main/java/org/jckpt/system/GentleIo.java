package org.jckpt.system;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What the JDK cannot ask of Linux on behalf of a background copy, bound through JNA: start and
 * wait for write-back of a file range ({@code sync_file_range}), drop a range from the page cache
 * ({@code posix_fadvise DONTNEED}), and give the calling thread a low I/O priority
 * ({@code ioprio_set}) or CPU priority ({@code setpriority}: the JDK's thread priorities do
 * nothing on Linux). Every call is advice: where JNA has no native part, on another system or
 * processor, or when the kernel refuses, it does nothing and says so by its result, never by an
 * exception, so a copy goes on as the JDK alone would do it.
 */
public final class GentleIo {
    private static final int O_CLOEXEC = 02000000;
    private static final int IOPRIO_WHO_PROCESS = 1;
    private static final int PRIO_PROCESS = 0;

    /** System call numbers and flags that differ between processors. */
    record Processor(String name, long ioprioSet, long ioprioGet, long getpriority, int oNoFollow) {
        static final Processor X86_64 = new Processor("x86_64", 251, 252, 140, 0400000);
        static final Processor AARCH64 = new Processor("aarch64", 30, 31, 141, 0100000);

        static Optional<Processor> current() {
            if (Platform.isIntel() && Platform.is64Bit()) {
                return Optional.of(X86_64);
            }
            return Platform.isARM() && Platform.is64Bit() ? Optional.of(AARCH64) : Optional.empty();
        }
    }

    private final LinuxCalls libc;
    private final Processor processor;
    private final String status;

    private GentleIo(LinuxCalls libc, Processor processor, String status) {
        this.libc = libc;
        this.processor = processor;
        this.status = status;
    }

    /** This JVM's: bound once, on first use. */
    public static GentleIo system() {
        return Loaded.SYSTEM;
    }

    /** One that does nothing, for a copy that must not use any of it. */
    public static GentleIo unavailable(String why) {
        return new GentleIo(null, null, "unavailable: " + why);
    }

    /** With the given processor's numbers, which may be wrong on purpose (a test of a refused call). */
    static GentleIo bound(LinuxCalls libc, Processor processor) {
        return new GentleIo(libc, processor, "through JNA on Linux " + processor.name());
    }

    public boolean available() {
        return libc != null;
    }

    /** What it can do, for a log line: "through JNA on Linux x86_64" or "unavailable: why". */
    public String status() {
        return status;
    }

    /** Advice for {@code file} through a descriptor of its own; one that does nothing if it cannot be opened. */
    public FileHints hints(Path file) {
        if (libc == null) {
            return FileHints.none();
        }
        int fd = libc.open(file.toString(), O_CLOEXEC | processor.oNoFollow());
        return fd < 0 ? FileHints.none() : new FileHints(libc, fd);
    }

    /** The calling thread's own I/O priority, if the kernel tells. */
    public Optional<IoPriority> threadIoPriority() {
        if (libc == null) {
            return Optional.empty();
        }
        int value = libc.syscall(new NativeLong(processor.ioprioGet()), IOPRIO_WHO_PROCESS, 0);
        return value < 0 ? Optional.empty() : Optional.of(IoPriority.fromKernel(value));
    }

    /** Sets the calling thread's I/O priority ("who" 0 is the calling thread, not its process); false if refused. */
    public boolean setThreadIoPriority(IoPriority priority) {
        return libc != null
                && libc.syscall(new NativeLong(processor.ioprioSet()), IOPRIO_WHO_PROCESS, 0, priority.toKernel()) == 0;
    }

    /** The calling thread's nice value (on Linux each thread has its own), if the kernel tells. */
    public OptionalInt threadNice() {
        if (libc == null) {
            return OptionalInt.empty();
        }
        // The system call, unlike libc's getpriority, returns 20 - nice, so -1 is an error only.
        int value = libc.syscall(new NativeLong(processor.getpriority()), PRIO_PROCESS, 0);
        return value < 0 ? OptionalInt.empty() : OptionalInt.of(20 - value);
    }

    /**
     * Sets the calling thread's nice value (who 0 is the calling thread); false if refused. Raising
     * it always works; lowering it back needs CAP_SYS_NICE or RLIMIT_NICE.
     */
    public boolean setThreadNice(int nice) {
        return libc != null && libc.setpriority(PRIO_PROCESS, 0, nice) == 0;
    }

    private static final class Loaded {
        static final GentleIo SYSTEM = load();

        /**
         * The C library this JVM already runs on, by its path in /proc/self/maps: JNA given a bare
         * name runs {@code ldconfig -p} to find it, a quarter of a second of every task's start
         * (measured: 490 ms to bind libc by name, 180 by path, 120 with JNA's search path set too).
         */
        private static String libcPath() {
            try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
                return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(f -> f.matches("/.*/libc(\\.so\\.6|-[0-9.]+\\.so)"))
                        .findFirst().orElse("c");
            } catch (IOException | UncheckedIOException e) {
                return "c";
            }
        }

        private static GentleIo load() {
            Optional<Processor> processor;
            try {
                if (!Platform.isLinux()) {
                    return unavailable("not Linux");
                }
                processor = Processor.current();
                if (processor.isEmpty()) {
                    return unavailable("no system call numbers for " + System.getProperty("os.arch"));
                }
                String libc = libcPath();
                if (libc.startsWith("/")) {
                    // Else JNA's first use runs ldconfig -p as well, for a search path we do not need.
                    System.getProperties().putIfAbsent("jna.platform.library.path", Path.of(libc).getParent().toString());
                }
                return bound(Native.load(libc, LinuxCalls.class), processor.get());
            } catch (LinkageError | RuntimeException e) {
                // JNA's native part missing or not loadable (e.g. a noexec temporary directory).
                return unavailable("JNA cannot bind libc: " + e.getMessage());
            }
        }
    }
}
