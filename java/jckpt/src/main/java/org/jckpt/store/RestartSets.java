package org.jckpt.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Picks the set a restart starts from before any task is launched: a set whose task files carry
 * block checksums is checked for presence and sizes only (each task checks the blocks it reads);
 * an older one has every file's checksum checked.
 */
public final class RestartSets {
    /**
     * Exit status of a restarted job whose tasks found the set damaged before loading it; a launcher
     * that chose the newest set then falls back to the previous one.
     */
    public static final int EXIT_DAMAGED_SET = 4;
    private RestartSets() {
    }

    /** A set a restart may start from: read, and checked as far as the launcher checks it. */
    public record VerifiedSet(Path setFile, CheckpointSet set) {
    }

    /** Verifies {@code setFile}; the exception names the bad file. */
    public static VerifiedSet verified(Path setFile, ProgressFactory progress) throws SetFileException {
        CheckpointSet set = SetFiles.read(setFile);
        if (set.blockChecked()) {
            SetVerifier.requirePresent(setFile, set);
            return new VerifiedSet(setFile, set);
        }
        return new VerifiedSet(setFile, SetVerifier.verify(setFile, progress.forBytes(set.totalSize())));
    }

    /**
     * The newest committed set of {@code naming} that verifies, falling back to older ones and
     * telling {@code warn} why; empty when there is none at all.
     */
    public static Optional<VerifiedSet> newestValid(SetNaming naming, ProgressFactory progress, Consumer<String> warn)
            throws SetFileException, IOException {
        return newestValidBefore(naming, Integer.MAX_VALUE, progress, warn);
    }

    /** As {@link #newestValid}, among the sets with a tag below {@code tagLimit}. */
    public static Optional<VerifiedSet> newestValidBefore(SetNaming naming, int tagLimit, ProgressFactory progress,
                                                          Consumer<String> warn) throws SetFileException, IOException {
        List<Integer> tags = new ArrayList<>(naming.setTags().headSet(tagLimit, false).descendingSet());
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            Path candidate = naming.setFile(tags.get(i));
            try {
                return Optional.of(verified(candidate, progress));
            } catch (SetFileException e) {
                problems.add(e.getMessage());
                if (i + 1 < tags.size()) {
                    warn.accept(e.getMessage() + "; falling back to the previous committed set " + naming.setFile(tags.get(i + 1)));
                }
            }
        }
        throw new SetFileException("no valid checkpoint set for " + naming.dir().resolve(naming.name()) + ": "
                + String.join("; ", problems));
    }

    /** Makes a progress display for a read of so many bytes. */
    @FunctionalInterface
    public interface ProgressFactory {
        ProgressFactory NONE = bytes -> Progress.NONE;

        Progress forBytes(long total);
    }
}
