package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.store.FileModes;
import org.jckpt.store.LocalLevel;

/**
 * Where a node keeps what other nodes gave it: pieces (partner copies, parity) in the local
 * level's hidden directory {@code .pieces}, which no checkpoint name matches, and local set files
 * beside its own copies, where a restart from the local level looks for them.
 */
public record PieceStore(LocalLevel local, FileModes modes) {
    /** A file name a peer may give: no directory, nothing hidden. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,250}");

    /** What a peer sends: a piece of another node's copies, or a set file committed on the local level. */
    public enum Kind {
        PIECE, SET
    }

    /** The directory of the pieces held here. */
    public Path piecesDir() {
        return local.dir().resolve(".pieces");
    }

    /** Where a file of {@code kind} named {@code name} goes; the exception says why a name is refused. */
    Path target(Kind kind, String name) throws IOException {
        if (!NAME.matcher(name).matches() || name.endsWith(".part")) {
            throw new IllegalArgumentException("a peer's file name is refused: '" + name + "'");
        }
        return switch (kind) {
            case PIECE -> modes.createDirectories(piecesDir()).resolve(name);
            case SET -> local.dir().resolve(name);
        };
    }

    /** The piece named {@code name}, where it is kept. */
    public Path piece(String name) {
        return piecesDir().resolve(name);
    }

    /** Deletes the pieces whose names {@code which} accepts. */
    public void delete(Predicate<String> which) {
        if (!Files.isDirectory(piecesDir())) {
            return;
        }
        try (Stream<Path> files = Files.list(piecesDir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (which.test(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // Leftovers that the next run of this name removes.
        }
    }
}
