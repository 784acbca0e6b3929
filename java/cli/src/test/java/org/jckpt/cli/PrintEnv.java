package org.jckpt.cli;

/** A task that prints the environment variables it is given, as NAME=VALUE or NAME unset; no MPI. */
public final class PrintEnv {
    private PrintEnv() {
    }

    public static void main(String[] names) {
        for (String name : names) {
            String value = System.getenv(name);
            System.out.println(value == null ? name + " unset" : name + "=" + value);
        }
    }
}
