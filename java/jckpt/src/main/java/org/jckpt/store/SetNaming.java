package org.jckpt.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names of checkpoint files, as in IBM PE: {@code <dir>/<name>.<task>.<tag>} for a task and
 * {@code <dir>/<name>.<tag>} for the set.
 */
public record SetNaming(Path dir, String name) {

    /** Task number of the launcher's own image (DMTCP); clearly not a task. */
    public static final String LAUNCHER_TASK = "mpirun";

    /** Suffixes of files that belong to a tag: unfinished task files, DMTCP images' saved files. */
    private static final String LEFTOVER = "(?:\\.part|_files)?";

    public SetNaming {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("bad checkpoint file name: '" + name + "'");
        }
    }

    /**
     * Resolves PE's rules: the directory from {@code dir} (or the current one), the base name from
     * {@code file} (or the main class's simple name in lower case); a path in {@code file}
     * overrides the directory.
     */
    public static SetNaming resolve(String dir, String file, String mainClass) {
        Path base = dir == null || dir.isEmpty() ? Path.of("") : Path.of(dir);
        if (file == null || file.isEmpty()) {
            String simple = mainClass.substring(mainClass.lastIndexOf('.') + 1);
            return new SetNaming(base.toAbsolutePath(), simple.toLowerCase(Locale.ROOT));
        }
        Path f = Path.of(file);
        Path parent = f.getParent();
        Path d = parent == null ? base : (f.isAbsolute() ? parent : base.resolve(parent));
        return new SetNaming(d.toAbsolutePath(), f.getFileName().toString());
    }

    /** Naming of an existing set file: {@code <dir>/<name>.<tag>}. */
    public static SetNaming ofSetFile(Path setFile) {
        String file = setFile.getFileName().toString();
        int dot = file.lastIndexOf('.');
        if (dot <= 0 || !file.substring(dot + 1).matches("\\d+")) {
            throw new IllegalArgumentException(setFile + " is not a set file name (<name>.<tag>)");
        }
        Path parent = setFile.toAbsolutePath().getParent();
        return new SetNaming(parent, file.substring(0, dot));
    }

    public static int tagOf(Path setFile) {
        String file = setFile.getFileName().toString();
        return Integer.parseInt(file.substring(file.lastIndexOf('.') + 1));
    }

    public Path taskFile(int task, int tag) {
        return dir.resolve(name + "." + task + "." + tag);
    }

    public Path launcherFile(int tag) {
        return dir.resolve(name + "." + LAUNCHER_TASK + "." + tag);
    }

    public Path setFile(int tag) {
        return dir.resolve(name + "." + tag);
    }

    /** Tags of the set files present, newest last. */
    public TreeSet<Integer> setTags() throws IOException {
        return tags(setFileName());
    }

    /** Whether {@code fileName} is the name of a set file of this name (not a task file, nothing else). */
    public boolean isSetFileName(String fileName) {
        return setFileName().matcher(fileName).matches();
    }

    private Pattern setFileName() {
        return Pattern.compile(Pattern.quote(name) + "\\.(\\d{1,9})"); // a tag is an int
    }

    /**
     * Tags of every file of this name, set files and task files, committed or not. A new set
     * takes a tag above the finished ones, so it never overwrites one; unfinished ".part" files
     * are garbage that a new attempt may replace, and count only {@code withUnfinished}.
     */
    public TreeSet<Integer> allTags(boolean withUnfinished) throws IOException {
        String part = withUnfinished ? LEFTOVER : "";
        return tags(Pattern.compile(Pattern.quote(name) + "\\.(?:[^.]+\\.)?(\\d+)" + part));
    }

    /** Files of this name carrying {@code tag}: task files, DMTCP's saved-files directories, the set file, leftovers. */
    public Stream<Path> filesOfTag(int tag) throws IOException {
        Pattern p = Pattern.compile(Pattern.quote(name) + "\\.(?:[^.]+\\.)?" + tag + LEFTOVER);
        return Files.list(dir).filter(f -> p.matcher(f.getFileName().toString()).matches());
    }

    private TreeSet<Integer> tags(Pattern pattern) throws IOException {
        TreeSet<Integer> tags = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return tags;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = pattern.matcher(f.getFileName().toString());
                if (m.matches() && m.group(1).length() < 10) {
                    tags.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        return tags;
    }
}
