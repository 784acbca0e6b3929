package org.jckpt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory nobody can write to. Permission bits do not stop root, so as root it is a
 * read-only tmpfs mount; otherwise mode 0555.
 */
final class ReadOnlyDirectory implements AutoCloseable {
    private final Path path;
    private final boolean mounted;

    ReadOnlyDirectory() throws Exception {
        path = Files.createTempDirectory("readonly");
        mounted = Mounts.isRoot();
        if (mounted) {
            Mounts.run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", path.toString());
        } else {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws java.io.IOException {
        if (mounted) {
            Mounts.unmount(path);
        } else {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.delete(path);
    }
}
