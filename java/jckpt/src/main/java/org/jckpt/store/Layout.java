package org.jckpt.store;

/** How a registered item's content is laid out across tasks; decides whether a set can change task count. */
public enum Layout {
    /** One task's own: restarts only with the task count that wrote it. */
    LOCAL,
    /** A piece of a global 1-D index space; every task reads the ranges its new piece covers. */
    DISTRIBUTED,
    /** The same on every task: task 0 stores it, every task loads it. */
    REPLICATED,
    /** An object whose parts a restart of another task count deals out to the new tasks. */
    PARTS;

    /** The name set files use. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Layout ofLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
