package org.jckpt.system;

import java.util.concurrent.ThreadFactory;

/**
 * jckpt's own threads: named, so that a thread dump says whose they are; daemons, so that none
 * keeps a JVM alive; and never dying unheard: what a task lets escape is one line on stderr.
 */
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
            t.setUncaughtExceptionHandler((thread, e) -> System.err.println("jckpt: thread " + thread.getName() + " failed: " + e));
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
