package org.jckpt.control;

/** The innermost cause's message: what went wrong, without the layers that passed it on. */
public final class Causes {
    private Causes() {
    }

    public static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
