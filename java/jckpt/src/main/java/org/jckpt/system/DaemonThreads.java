package org.jckpt.system;

import java.util.concurrent.ThreadFactory;

/** jckpt's own threads: named, so that a thread dump says whose they are, and daemons, so that none keeps a JVM alive. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return named(name, Thread.NORM_PRIORITY);
    }

    /** Threads of {@code priority}: background work such as a flush yields the cores to the program. */
    public static ThreadFactory named(String name, int priority) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
    }

    /** Starts {@code task} on a new daemon thread called {@code name}. */
    public static Thread start(String name, Runnable task) {
        Thread t = named(name).newThread(task);
        t.start();
        return t;
    }
}
