package org.jckpt.cli;

import java.nio.file.Path;

/** Where jckpt is installed; bin/jckpt passes it as {@code -Djckpt.home}. */
final class Home {
    private Home() {
    }

    static Path get() {
        String home = System.getProperty("jckpt.home");
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }
}
