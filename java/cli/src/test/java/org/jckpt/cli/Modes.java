package org.jckpt.cli;

import static org.testng.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The file modes a job's files must have, and a launcher started under {@code umask 000}. */
final class Modes {
    /** A prefix for {@link Cli#start}: bin/jckpt runs under umask 000, where nothing jckpt creates may follow the umask. */
    static final List<String> UMASK_000 = List.of("bash", "-c", "umask 000; exec \"$0\" \"$@\"");

    private Modes() {
    }

    /** Everything below {@code dir} (itself excepted: the user made it; links skipped) is 0600/0700, or 0640/0750 with group read. */
    static void assertTree(Path dir, boolean groupRead) throws Exception {
        String file = groupRead ? "rw-r-----" : "rw-------";
        String directory = groupRead ? "rwxr-x---" : "rwx------";
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.filter(p -> !p.equals(dir) && !Files.isSymbolicLink(p))::iterator) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (!mode.equals(Files.isDirectory(p) ? directory : file)) {
                    wrong.add(mode + " " + p);
                }
            }
        }
        assertEquals(wrong, List.of(), "files with another mode than " + file + "/" + directory);
    }

    static String[] args(String[]... parts) {
        return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
    }
}
