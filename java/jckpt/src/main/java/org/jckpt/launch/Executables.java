package org.jckpt.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Commands found the way a shell finds them. */
public final class Executables {
    private Executables() {
    }

    /** {@code command} in the first directory of {@code env}'s PATH that has it; null if none does. */
    public static Path onPath(Map<String, String> env, String command) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command);
            }
        }
        return null;
    }
}
