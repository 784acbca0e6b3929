package org.jckpt.engine.app.flush;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jckpt.engine.app.taskfile.TaskFileCompressor;
import org.jckpt.engine.app.taskfile.WrittenFile;
import org.jckpt.engine.app.taskfile.codec.Compression;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;
import org.jckpt.store.GentleFileWriter;
import org.jckpt.store.Progress;
import org.jckpt.store.SetFileException;

/**
 * Writes a sealed local copy to its global name, compressed on the way out when the job asks:
 * through a {@code .part} file, synced, renamed. The name becomes durable when task 0 syncs the
 * directory to commit the set. Memory stays at the compressor's few buffers whatever the size;
 * every block of the copy is checked as it is read, so a damaged copy is never committed. The
 * flush's writer is gentle ({@code GentleFileWriter.Options.DEFAULT}): steady write-back instead of
 * one large sync, the flushed pages out of the page cache, and the thread at nice 19, measured to
 * matter here.
 */
final class GlobalCopy implements AutoCloseable {
    private final FileModes modes;
    private final Compression compression;
    private final GentleFileWriter.Options options;
    private final TaskFileCompressor compressor = new TaskFileCompressor();

    /** Copies compressed with {@code compression}, written with {@code options} (the flush's: {@code DEFAULT}). */
    GlobalCopy(FileModes modes, Compression compression, GentleFileWriter.Options options) {
        this.modes = modes;
        this.compression = compression;
        this.options = options;
    }

    /** Copies {@code source} (described by {@code sealed}) to {@code target}; returns the global file. */
    WrittenFile copy(Path source, WrittenFile sealed, Path target) throws IOException, SetFileException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        TaskFileCompressor.Stored stored;
        try (GentleFileWriter out = GentleFileWriter.create(part, modes, options)) {
            stored = compressor.compress(source, sealed.index(), out, compression, Progress.NONE);
            out.force();
        } catch (IOException | SetFileException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Durable.rename(part, target);
        return new WrittenFile(sealed.host(), target.getFileName().toString(), stored.sum(), stored.index(), stored.items());
    }

    @Override
    public void close() {
        compressor.close();
    }
}
