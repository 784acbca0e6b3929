package org.jckpt.engine.dmtcp;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Settles committed sets one after another in the background ({@link SetAssembler#settle}), each
 * under the job's checkpoint lock it is handed, so that the next checkpoint waits for it but the
 * one that committed returns at once.
 */
public final class Settler implements AutoCloseable {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jckpt-dmtcp-settle");
        t.setDaemon(true);
        return t;
    });

    /** Settles set {@code tag}, then releases {@code lock}, which the caller no longer touches. */
    public void settle(SetAssembler assembler, int tag, ImageStaging.Held lock) {
        worker.execute(() -> {
            try (lock) {
                assembler.settle(tag);
            }
        });
    }

    /** Waits for the sets handed over so far: a job that ends right after a checkpoint still prunes. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
