package org.jckpt.engine.dmtcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jckpt.store.Durable;
import org.jckpt.store.FileModes;
import org.jckpt.store.FileTrees;

/**
 * How each task's callbacks went after a checkpoint it did not take itself (partial or
 * system-initiated). DMTCP resumes every process at once and each task's events thread runs its
 * callbacks afterwards, so whoever took the snapshot commits the set only once every task has said
 * here how they went: one file per task, empty when they succeeded. It is cleared under the job's
 * checkpoint lock before each snapshot, so what is here after one belongs to it. A task that has
 * left the job's checkpointing (its program is ending) has no callbacks left to run: it says so
 * once, in a directory beside, and is not waited for.
 */
public record CallbackVerdicts(Path dir, FileModes modes) {

    public static CallbackVerdicts of(ImageStaging staging) {
        return new CallbackVerdicts(staging.dir().resolve("callbacks"), staging.modes());
    }

    private Path left() {
        return dir.resolveSibling("callbacks-left");
    }

    /** Task {@code task} runs no more callbacks. */
    public void leave(int task) throws IOException {
        modes.createDirectories(left());
        modes.write(left().resolve(Integer.toString(task)), new byte[0]);
    }

    public void clear() throws IOException {
        FileTrees.delete(dir);
        modes.createDirectories(dir);
    }

    /** Task {@code task}'s verdict: "" or what failed. */
    public void record(int task, String problem) throws IOException {
        modes.createDirectories(dir);
        Path tmp = dir.resolve("." + task + ".tmp");
        modes.write(tmp, problem.getBytes(StandardCharsets.UTF_8));
        Durable.rename(tmp, dir.resolve(Integer.toString(task)));
    }

    /**
     * The first task's problem, or "" once every one of {@code tasks} succeeded. A task that has
     * not said within {@code timeout} (a callback that does not return) is a problem too.
     */
    public String await(int tasks, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int task = 0; task < tasks; task++) {
            Path verdict = dir.resolve(Integer.toString(task));
            Path gone = left().resolve(Integer.toString(task));
            while (!Files.exists(verdict) && !Files.exists(gone)) {
                if (System.nanoTime() > deadline) {
                    return "task " + task + " did not finish its callbacks within " + timeout.toSeconds() + " s";
                }
                Thread.sleep(5);
            }
            String problem = Files.exists(verdict) ? Files.readString(verdict, StandardCharsets.UTF_8) : "";
            if (!problem.isEmpty()) {
                return problem;
            }
        }
        return "";
    }
}
