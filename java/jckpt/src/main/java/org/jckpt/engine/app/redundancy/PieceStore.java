package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jckpt.store.FileModes;
import org.jckpt.store.LocalLevel;

/**
 * Where a node keeps what other nodes gave it: pieces (partner copies, parity) in the local
 * level's hidden directory {@code .pieces}, which no checkpoint name matches, and local set files
 * beside its own copies, where a restart from the local level looks for them. Peers fetch both
 * kinds when a restart rebuilds a set.
 */
public record PieceStore(LocalLevel local, FileModes modes) {
    /** A file name a peer may give: no directory, nothing hidden. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,250}");

    /** A piece of another node's copies, or a file of the level itself (a copy, a local set file). */
    public enum Kind {
        PIECE, LEVEL
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
            case LEVEL -> local.dir().resolve(name);
        };
    }

    /** The file of {@code kind} named {@code name} held here, for a peer that fetches it. */
    Path existing(Kind kind, String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a peer's file name is refused: '" + name + "'");
        }
        Path file = kind == Kind.PIECE ? piece(name) : local.dir().resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(file.toString());
        }
        return file;
    }

    /** Deletes the local set file named {@code name}, if it is here; nothing but a set file of this level's name. */
    void deleteSetFile(String name) throws IOException {
        if (!local.naming().isSetFileName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a set file of " + local.naming().name());
        }
        Files.deleteIfExists(local.dir().resolve(name));
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
