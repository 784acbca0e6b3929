package org.jckpt.store;

import static org.testng.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/** Checks of the exact permission bits of what jckpt created. */
public final class ModeAssertions {
    private ModeAssertions() {
    }

    /** {@code rw-------} and the like; a symbolic link's own bits. */
    public static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** Every file and directory in {@code tree} (itself included; links skipped) has the mode {@code modes} gives it. */
    public static void assertTreeModes(Path tree, FileModes modes) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(tree)) {
            all = walk.filter(p -> !Files.isSymbolicLink(p)).toList();
        }
        for (Path p : all) {
            String expected = PosixFilePermissions.toString(Files.isDirectory(p) ? modes.directory() : modes.file());
            assertEquals(mode(p), expected, p.toString());
        }
    }
}
