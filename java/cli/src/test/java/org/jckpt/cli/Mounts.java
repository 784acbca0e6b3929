package org.jckpt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.SkipException;

/** Small file systems for fault tests (root only: mount needs it). */
final class Mounts {
    private Mounts() {
    }

    static boolean isRoot() throws Exception {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** A tmpfs of {@code size} (e.g. "3m") mounted on a new directory; skips the test without root. */
    static Path smallTmpfs(String size) throws Exception {
        if (!isRoot()) {
            throw new SkipException("mounting a small tmpfs to fill needs root");
        }
        Path dir = Files.createTempDirectory("full");
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        return dir;
    }

    static void unmount(Path dir) throws java.io.IOException {
        try {
            run("umount", dir.toString());
        } catch (Exception e) {
            throw new java.io.IOException(e.getMessage(), e);
        }
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
