package org.jckpt.store;

/** Receives byte counts of a long read or write, e.g. to draw a progress line on a terminal. */
@FunctionalInterface
public interface Progress {
    Progress NONE = bytes -> { };

    void advance(long bytes);
}
