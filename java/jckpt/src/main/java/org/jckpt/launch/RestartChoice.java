package org.jckpt.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.RestartSets;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;

/** {@code run --restart auto|never|SETFILE}: which set, if any, a new run starts from. */
public final class RestartChoice {
    public static final String AUTO = "auto";
    public static final String NEVER = "never";

    private RestartChoice() {
    }

    /**
     * The set to restart from, checked whole and against this run's task count and program;
     * empty for a fresh start.
     */
    public static Optional<Path> resolve(String choice, SetNaming naming, String engine, int tasks, String mainClass,
                                         RestartSets.ProgressFactory progress, Consumer<String> say)
            throws SetFileException, IOException {
        Optional<Path> set = switch (choice) {
            case NEVER -> Optional.empty();
            case AUTO -> RestartSets.newestValid(naming, progress, say);
            default -> Optional.of(Path.of(choice).toAbsolutePath());
        };
        if (set.isEmpty()) {
            return set;
        }
        // newestValid has checked every file already; a named set is checked here.
        CheckpointSet checked = choice.equals(AUTO) ? SetFiles.read(set.get()) : RestartSets.verified(set.get(), progress);
        checked.requireRestartableBy(set.get(), engine, tasks, mainClass);
        say.accept("restarting from " + set.get() + (choice.equals(AUTO) ? " (the newest committed set)" : ""));
        return set;
    }
}
