package org.jckpt.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import mpi.Comm;
import mpi.Intracomm;
import mpi.MPI;
import mpi.MPIException;
import org.jckpt.api.CheckpointException;

/**
 * The few collectives jckpt itself needs, on its own duplicate of {@code COMM_WORLD} so that they
 * never match the program's messages. Short texts travel in fixed-size slots.
 */
public final class Collective {
    private static final int SLOT = 4096;

    private final Intracomm comm;
    private final int rank;
    private final int size;

    public Collective(Intracomm world) {
        try {
            this.comm = world.dup();
            this.rank = comm.getRank();
            this.size = comm.getSize();
        } catch (MPIException e) {
            throw new CheckpointException("cannot set up jckpt's communicator: " + e.getMessage(), e);
        }
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** Task 0's text, on every task. */
    public String broadcast(String text) {
        byte[] slot = rank == 0 ? toSlot(text) : new byte[SLOT];
        run(() -> comm.bcast(slot, SLOT, MPI.BYTE, 0));
        return fromSlot(slot, 0);
    }

    /** Every task's text, on task 0 (by rank); null elsewhere. */
    public String[] gather(String text) {
        byte[] all = rank == 0 ? new byte[SLOT * size] : null;
        run(() -> comm.gather(toSlot(text), SLOT, MPI.BYTE, all, SLOT, MPI.BYTE, 0));
        if (all == null) {
            return null;
        }
        String[] texts = new String[size];
        for (int i = 0; i < size; i++) {
            texts[i] = fromSlot(all, i * SLOT);
        }
        return texts;
    }

    /** Every task's text, by rank, on every task. */
    public String[] allGather(String text) {
        byte[] all = new byte[SLOT * size];
        run(() -> comm.allGather(toSlot(text), SLOT, MPI.BYTE, all, SLOT, MPI.BYTE));
        String[] texts = new String[size];
        for (int i = 0; i < size; i++) {
            texts[i] = fromSlot(all, i * SLOT);
        }
        return texts;
    }

    /**
     * The problem of the lowest task that has one ({@code mine} is empty when this task has none),
     * on every task; null when no task has one.
     */
    public TaskProblem firstProblem(String mine) {
        if (max(mine.isEmpty() ? 0 : 1) == 0) {
            return null; // The common case costs one small reduction, not the texts' gather and broadcast.
        }
        String[] all = gather(mine);
        String first = "";
        if (all != null) {
            for (int task = 0; task < all.length && first.isEmpty(); task++) {
                first = all[task].isEmpty() ? "" : task + "\t" + all[task];
            }
        }
        first = broadcast(first);
        if (first.isEmpty()) {
            return null;
        }
        int tab = first.indexOf('\t');
        return new TaskProblem(Integer.parseInt(first.substring(0, tab)), first.substring(tab + 1));
    }

    /** How many tasks share this task's node (its shared memory), this one included. */
    public int tasksOnThisNode() {
        try {
            Intracomm node = comm.splitType(Comm.TYPE_SHARED, rank, MPI.INFO_NULL);
            try {
                return node.getSize();
            } finally {
                node.free();
            }
        } catch (MPIException e) {
            throw new CheckpointException("MPI error in jckpt's coordination: " + e.getMessage(), e);
        }
    }

    /** The smallest of every task's value, on every task. */
    public int min(int value) {
        return allReduce(value, MPI.MIN);
    }

    /** Every task's bits together, on every task. */
    public int or(int bits) {
        return allReduce(bits, MPI.BOR);
    }

    /** The largest of every task's value, on every task. */
    public int max(int value) {
        return allReduce(value, MPI.MAX);
    }

    private int allReduce(int value, mpi.Op op) {
        int[] buf = {value};
        run(() -> comm.allReduce(buf, 1, MPI.INT, op));
        return buf[0];
    }

    public void free() {
        run(comm::free);
    }

    private interface MpiCall {
        void call() throws MPIException;
    }

    private static void run(MpiCall call) {
        try {
            call.call();
        } catch (MPIException e) {
            throw new CheckpointException("MPI error in jckpt's coordination: " + e.getMessage(), e);
        }
    }

    private static byte[] toSlot(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, SLOT);
    }

    private static String fromSlot(byte[] buf, int off) {
        int end = off;
        while (end < off + SLOT && buf[end] != 0) {
            end++;
        }
        return new String(buf, off, end - off, StandardCharsets.UTF_8);
    }
}
