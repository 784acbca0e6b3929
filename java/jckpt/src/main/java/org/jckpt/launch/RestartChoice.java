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
 * {@code restart SETFILE}, {@code restart --latest DIR/NAME} and an automatic restart after a
 * failure ({@link AutoRestart}) all choose here, and every file's
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
        requireRestartable(set, engine, tasks, mainClass);
        if (set.isPresent()) {
            say.accept("restarting from " + set.get().setFile() + (choice.equals(AUTO) ? " (the newest committed set)" : ""));
        }
        return set;
    }

    /**
     * After {@code job} failed: the newest valid set of its checkpoint name (falling back as
     * {@code --latest} does), checked against its engine, task count and program; empty when none
     * has committed.
     */
    static Optional<VerifiedSet> afterFailure(JobSpec job, Consumer<String> say) throws SetFileException, IOException {
        SetNaming naming = SetNaming.resolve(job.ckptDir(), job.ckptFile(), job.mainClass());
        Optional<VerifiedSet> set = RestartSets.newestValid(naming, RestartSets.ProgressFactory.NONE, say);
        requireRestartable(set, job.engine().id(), job.tasks(), job.mainClass());
        return set;
    }

    private static void requireRestartable(Optional<VerifiedSet> set, String engine, int tasks, String mainClass)
            throws SetFileException {
        if (set.isPresent()) {
            set.get().set().requireRestartableBy(set.get().setFile(), engine, tasks, mainClass);
        }
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
