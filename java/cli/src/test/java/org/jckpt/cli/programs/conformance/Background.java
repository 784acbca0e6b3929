package org.jckpt.cli.programs.conformance;

import java.util.concurrent.atomic.AtomicReference;

/** A part of a check that runs in a thread of its own, started at once; join() fails the check if it failed. */
final class Background {
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Background(String name, Conformance.Check body) {
        thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
        thread.start();
    }

    void join() throws InterruptedException {
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError(thread.getName() + ": " + failure.get(), failure.get());
        }
    }
}
