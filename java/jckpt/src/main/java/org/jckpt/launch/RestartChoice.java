package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.jckpt.store.RestartSets;
import org.jckpt.store.RestartSets.VerifiedSet;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetNaming;

/**
 * Which set a run or a restart starts from: {@code run --restart auto|never|SETFILE},
 * {@code restart SETFILE} and {@code restart --latest DIR/NAME} all choose here, and every file's
 * checksum is verified once, before any task starts (the tasks then only check sizes).
 */
public final class RestartChoice {
    public static final String AUTO = "auto";
    public static final String NEVER = "never";

    private RestartChoice() {
    }

    /**
     * {@code run --restart CHOICE}: the set to restart from, checked against this run's engine,
     * task count and program; empty for a fresh start.
     */
    public static Optional<VerifiedSet> forRun(String choice, SetNaming naming, String engine, int tasks, String mainClass,
                                               RestartSets.ProgressFactory progress, Consumer<String> say)
            throws SetFileException, IOException {
        Optional<VerifiedSet> set = switch (choice) {
            case NEVER -> Optional.empty();
            case AUTO -> RestartSets.newestValid(naming, progress, say);
            default -> Optional.of(RestartSets.verified(Path.of(choice).toAbsolutePath(), progress));
        };
        if (set.isPresent()) {
            set.get().set().requireRestartableBy(set.get().setFile(), engine, tasks, mainClass);
            say.accept("restarting from " + set.get().setFile() + (choice.equals(AUTO) ? " (the newest committed set)" : ""));
        }
        return set;
    }

    /** {@code restart SETFILE}, or with {@code latest} the newest valid set of {@code DIR/NAME}. */
    public static VerifiedSet forRestart(Path setFile, Path latest, RestartSets.ProgressFactory progress, Consumer<String> say)
            throws SetFileException, IOException {
        if (setFile != null) {
            return RestartSets.verified(setFile.toAbsolutePath(), progress);
        }
        Path p = latest.toAbsolutePath();
        return RestartSets.newestValid(new SetNaming(p.getParent(), p.getFileName().toString()), progress, say)
                .orElseThrow(() -> new IllegalArgumentException("no checkpoint set " + p + ".<tag> exists"));
    }
}
