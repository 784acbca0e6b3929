package org.jckpt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalInt;
import org.jckpt.system.FileHints;
import org.jckpt.system.GentleIo;
import org.jckpt.system.IoPriority;

/**
 * Writes one file of a checkpoint to the global directory in the background while the program
 * runs, disturbing it as little as Linux allows. The data goes through a JDK channel; a second,
 * read-only descriptor ({@link FileHints}) carries the advice: behind the written position each
 * completed window's write-back is started, and the window before it is awaited and dropped
 * from the page cache, so dirty and cached pages stay within about two windows, the final
 * {@link #force} has little left to write, and a checkpoint does not evict the program's own
 * cached files. Memory is bounded: no buffer larger than {@link #CHUNK} is handed to the JDK.
 * Used by one thread, the one that creates it (whose priorities it lowers until {@link #close}).
 */
public final class GentleFileWriter implements WritableByteChannel {
    /** The most handed to the JDK in one write: it copies a heap buffer into a direct one of that size. */
    static final int CHUNK = 1 << 20;

    /**
     * Which tricks to use. {@code window}: bytes per write-back step; {@code writeBehind}: start
     * and await each window's write-back ({@code sync_file_range}); {@code dropWritten}: drop
     * written pages once on disk; {@code dropSource}: drop a copied source's pages once read
     * (no effect on a tmpfs, whose pages are the file); {@code ioPriority}: the writing thread's,
     * or {@link IoPriority#NONE} to leave it; {@code nice}: the writing thread's CPU nice value
     * (1 to 19), or 0 to leave it.
     */
    public record Options(long window, boolean writeBehind, boolean dropWritten, boolean dropSource, IoPriority ioPriority, int nice) {
        /** The JDK alone: buffered writes and one fsync at the end. */
        public static final Options PLAIN = new Options(8L << 20, false, false, false, IoPriority.NONE, 0);
        /**
         * What the measurements kept (docs/gentle-io.md): write-behind in 8 MiB windows (final
         * fsync ~300 ms to ~20 ms, dirty memory ~850 MiB to ~80 MiB), dropping written and read
         * pages (1 GiB left cached to none), and nice 19 (compute slowdown ~0.6 to ~0.05, the
         * flush slower while the program computes). The idle I/O class showed no gain here.
         * Nice 19 can only be undone by a privileged thread: run the writer on a thread of the
         * flush's own.
         */
        public static final Options DEFAULT = new Options(8L << 20, true, true, true, IoPriority.NONE, 19);
        /** {@link #DEFAULT} for a write the program waits for, on its own thread: whose CPU priority stays as it is. */
        public static final Options WAITED_FOR = new Options(8L << 20, true, true, true, IoPriority.NONE, 0);

        public Options {
            if (window < CHUNK || window % CHUNK != 0) {
                throw new IllegalArgumentException("window must be a multiple of " + CHUNK + " bytes: " + window);
            }
            if (nice < 0 || nice > 19) {
                throw new IllegalArgumentException("nice must be 0 (unchanged) to 19: " + nice);
            }
        }
    }

    private final Path file;
    private final Options options;
    private final GentleIo io;
    private final FileChannel channel;
    private final FileHints hints;
    private final Optional<IoPriority> priorityBefore;
    private final OptionalInt niceBefore;
    private long written;
    private long started;
    private long settled;

    private GentleFileWriter(Path file, Options options, GentleIo io, FileChannel channel) {
        this.file = file;
        this.options = options;
        this.io = io;
        this.channel = channel;
        this.hints = options.writeBehind() || options.dropWritten() ? io.hints(file) : FileHints.none();
        this.priorityBefore = lowerIoPriority();
        this.niceBefore = lowerCpuPriority();
    }

    /** An empty {@code file} with the mode {@code modes} gives files, using what {@link GentleIo#system} offers. */
    public static GentleFileWriter create(Path file, FileModes modes, Options options) throws IOException {
        return create(file, modes, options, GentleIo.system());
    }

    static GentleFileWriter create(Path file, FileModes modes, Options options, GentleIo io) throws IOException {
        return new GentleFileWriter(file, options, io, modes.createForWriting(file));
    }

    /** Appends all of {@code src} (so it stands in for a channel where one is written to); returns how many bytes. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = src.remaining();
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), CHUNK);
            ByteBuffer part = src.slice(src.position(), n);
            try {
                while (part.hasRemaining()) {
                    channel.write(part);
                }
            } catch (IOException e) {
                throw failure(e);
            }
            src.position(src.position() + n);
            advance(n);
        }
        return total;
    }

    /** Appends the whole of {@code source}, copied by the kernel (no Java buffer); its pages are dropped behind if asked. */
    public void copyFrom(Path source) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileHints sourceHints = options.dropSource() ? io.hints(source) : FileHints.none()) {
            long size = in.size();
            long dropped = 0;
            for (long done = 0; done < size;) {
                long n = transfer(in, done, Math.min(CHUNK, size - done));
                advance(n);
                done += n;
                if (done - dropped >= options.window() || done == size) {
                    sourceHints.dropCache(dropped, done - dropped);
                    dropped = done;
                }
            }
        }
    }

    public long position() {
        return written;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Makes what was written durable (fdatasync), then drops it all from the page cache if asked. */
    public void force() throws IOException {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw failure(e);
        }
        if (options.dropWritten()) {
            hints.dropCache(0, 0);
        }
        settled = written;
        started = written;
    }

    /**
     * Closes the file and gives the thread back its I/O priority and, where allowed (root, or
     * RLIMIT_NICE), its nice value; an unforced file is left as it is (the caller deletes it).
     */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            hints.close();
            priorityBefore.ifPresent(io::setThreadIoPriority);
            niceBefore.ifPresent(io::setThreadNice);
        }
    }

    private long transfer(FileChannel in, long position, long count) throws IOException {
        try {
            long n = in.transferTo(position, count, channel);
            if (n <= 0) {
                throw new IOException("the source ended early or shrank while copied: " + n + " bytes at " + position);
            }
            return n;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** After {@code n} more bytes: each completed window's write-back starts, the one before it is awaited and dropped. */
    private void advance(long n) {
        written += n;
        while (written - started >= options.window()) {
            if (options.writeBehind()) {
                hints.startWriteBack(started, options.window());
            }
            if (started > settled) {
                settle(settled, started - settled);
            }
            settled = started;
            started += options.window();
        }
    }

    private void settle(long offset, long length) {
        if (options.writeBehind()) {
            hints.awaitWriteBack(offset, length);
        }
        if (options.dropWritten()) {
            hints.dropCache(offset, length);
        }
    }

    private OptionalInt lowerCpuPriority() {
        if (options.nice() == 0) {
            return OptionalInt.empty();
        }
        OptionalInt before = io.threadNice();
        return io.setThreadNice(options.nice()) ? before : OptionalInt.empty();
    }

    private Optional<IoPriority> lowerIoPriority() {
        if (options.ioPriority().equals(IoPriority.NONE)) {
            return Optional.empty();
        }
        Optional<IoPriority> before = io.threadIoPriority();
        return io.setThreadIoPriority(options.ioPriority()) ? before : Optional.empty();
    }

    /** A write that failed, with the file's name: the JDK says only "No space left on device". */
    private IOException failure(IOException e) {
        if (e instanceof FileSystemException || e.getMessage() == null) {
            return e; // named already, or not a reason to name (an interrupt's ClosedByInterruptException)
        }
        FileSystemException named = new FileSystemException(file.toString(), null, e.getMessage());
        named.initCause(e);
        return named;
    }
}
