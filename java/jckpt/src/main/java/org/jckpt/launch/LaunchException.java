package org.jckpt.launch;

/** A job that cannot be launched; the message is one line saying what is missing and how to fix it. */
public class LaunchException extends Exception {
    public LaunchException(String message) {
        super(message);
    }
}
