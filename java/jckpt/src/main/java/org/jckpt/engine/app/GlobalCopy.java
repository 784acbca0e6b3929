package org.jckpt.engine.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;

/**
 * Writes a sealed local copy to its global name: through a {@code .part} file, synced, renamed.
 * The name becomes durable when task 0 syncs the directory to commit the set. Memory stays at one
 * buffer whatever the size.
 */
final class GlobalCopy {
    private static final int BUFFER = 4 << 20;

    private final FileModes modes;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);

    GlobalCopy(FileModes modes) {
        this.modes = modes;
    }

    /** Copies {@code source} (described by {@code sealed}) to {@code target}; returns the global file. */
    WrittenFile copy(Path source, WrittenFile sealed, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = modes.createForWriting(part)) {
            long at = 0;
            for (int n = in.read(buffer.clear(), at); n >= 0; n = in.read(buffer.clear(), at)) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                at += n;
            }
            if (at != sealed.sum().size()) {
                throw new IOException(source + " holds " + at + " bytes, its checksum covered " + sealed.sum().size());
            }
            out.force(false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Durable.rename(part, target);
        return new WrittenFile(sealed.host(), target.getFileName().toString(), sealed.sum(), sealed.index());
    }
}
