package org.jckpt.system;

/**
 * A Linux I/O priority: a scheduling class and a level within it (0 highest, 7 lowest), as
 * {@code ioprio_set(2)} takes them. The kernel's I/O schedulers differ in what they honour:
 * BFQ uses class and level, mq-deadline the class only, none neither.
 */
public record IoPriority(int ioClass, int level) {
    public static final int CLASS_NONE = 0;
    public static final int CLASS_BEST_EFFORT = 2;
    public static final int CLASS_IDLE = 3;

    /** No priority of its own: the kernel derives one from the thread's nice value. */
    public static final IoPriority NONE = new IoPriority(CLASS_NONE, 0);
    /** The lowest best-effort level: served after other best-effort I/O, never starved. */
    public static final IoPriority BEST_EFFORT_LOWEST = new IoPriority(CLASS_BEST_EFFORT, 7);
    /** Served only when the disk has nothing else to do (the kernel ages waits, so not forever). */
    public static final IoPriority IDLE = new IoPriority(CLASS_IDLE, 0);

    private static final int CLASS_SHIFT = 13;
    private static final int LEVEL_MASK = (1 << CLASS_SHIFT) - 1;

    public IoPriority {
        if (ioClass < CLASS_NONE || ioClass > CLASS_IDLE || level < 0 || level > 7) {
            throw new IllegalArgumentException("no such I/O priority: class " + ioClass + " level " + level);
        }
    }

    static IoPriority fromKernel(int value) {
        return new IoPriority(value >>> CLASS_SHIFT, value & LEVEL_MASK);
    }

    int toKernel() {
        return ioClass << CLASS_SHIFT | level;
    }

    @Override
    public String toString() {
        return switch (ioClass) {
            case CLASS_NONE -> "none";
            case CLASS_IDLE -> "idle";
            case CLASS_BEST_EFFORT -> "best-effort " + level;
            default -> "realtime " + level;
        };
    }
}
