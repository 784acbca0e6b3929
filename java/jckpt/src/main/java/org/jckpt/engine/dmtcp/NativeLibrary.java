package org.jckpt.engine.dmtcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and loads libjckpt.so: the path in {@code -Djckpt.native.path}, then
 * {@code <jckpt.home>/build/native/libjckpt.so} (where CMake builds it), then
 * {@code java.library.path}. When all fail, the error lists every attempt and why it failed.
 */
final class NativeLibrary {
    static final String PATH_PROPERTY = "jckpt.native.path";
    private static final String NAME = "jckpt";

    private NativeLibrary() {
    }

    static void load() {
        List<String> attempts = new ArrayList<>();
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isEmpty()) {
            if (tryLoad(Path.of(explicit), "-D" + PATH_PROPERTY, attempts)) {
                return;
            }
        }
        String home = System.getProperty("jckpt.home");
        if (home != null && !home.isEmpty()) {
            if (tryLoad(Path.of(home, "build", "native", System.mapLibraryName(NAME)), "jckpt.home", attempts)) {
                return;
            }
        }
        try {
            System.loadLibrary(NAME);
            return;
        } catch (UnsatisfiedLinkError e) {
            attempts.add("java.library.path (" + System.getProperty("java.library.path") + "): " + e.getMessage());
        }
        throw new UnsatisfiedLinkError("cannot load " + System.mapLibraryName(NAME) + " (build it with ci/setup.sh); tried: "
                + String.join("; ", attempts));
    }

    private static boolean tryLoad(Path file, String source, List<String> attempts) {
        if (!Files.isRegularFile(file)) {
            attempts.add(file + " (" + source + "): no such file");
            return false;
        }
        try {
            System.load(file.toAbsolutePath().toString());
            return true;
        } catch (UnsatisfiedLinkError e) {
            attempts.add(file + " (" + source + "): " + e.getMessage());
            return false;
        }
    }
}
