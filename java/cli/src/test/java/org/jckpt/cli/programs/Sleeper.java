package org.jckpt.cli.programs;

/** A task that says it started and then sleeps for ever; no MPI, so it outlives its launcher's proxy. */
public final class Sleeper {
    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeping");
        Thread.sleep(Long.MAX_VALUE);
    }
}
