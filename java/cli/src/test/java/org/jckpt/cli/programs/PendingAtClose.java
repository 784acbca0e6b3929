package org.jckpt.cli.programs;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.jckpt.api.Jckpt;

/**
 * A program that asks for a partial checkpoint on task 0 and closes jckpt without passing another
 * safe point, so the checkpoint can never be taken: {@code close()} must fail the request, saying so.
 * Task 0 prints how its request ended, after close.
 */
public final class PendingAtClose {
    private PendingAtClose() {
    }

    public static void main(String[] args) throws Exception {
        CompletableFuture<Path> request = null;
        try (Jckpt ckpt = Jckpt.init(args)) {
            ckpt.register("step", new long[1]);
            if (ckpt.rank() == 0) {
                request = ckpt.requestCheckpoint();
            }
        }
        if (request == null) {
            return;
        }
        request.handle((set, failure) -> {
            System.out.println(failure == null ? "committed " + set : "failed: " + failure.getMessage());
            return null;
        }).join();
    }
}
