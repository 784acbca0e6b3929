package org.jckpt.cli.programs;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import mpi.MPI;
import org.jckpt.api.Checkpointable;
import org.jckpt.api.Jckpt;

/**
 * A test program whose registered state changes size at every checkpoint, up and down, by less
 * than a page and, every {@value #LARGE_EVERY}th time, by more than a mapped region (64 MiB):
 * {@code STEPS EVERY HOLD}. Every task checkpoints at each multiple of EVERY (none when 0), task 0
 * asks for a partial one half-way between; at the last step each task waits at safe points until
 * the file HOLD exists, so that system-initiated checkpoints can come while the job runs, whatever
 * the machine's speed. A restored payload is checked against what it was written from. Each task
 * prints its last step and seed, which an uninterrupted run gives alike.
 */
public final class SizeChangingState {
    private static final int LARGE_EVERY = 16;
    private static final int LARGE = (64 << 20) + 3 * 4096 + 17;

    private SizeChangingState() {
    }

    public static void main(String[] args) throws Exception {
        long steps = Long.parseLong(args[0]);
        long every = Long.parseLong(args[1]);
        Path hold = Path.of(args[2]);
        try (Jckpt ckpt = Jckpt.init(args)) {
            long[] step = {0};
            Payload payload = new Payload(ckpt.rank());
            ckpt.register("step", step).register("payload", payload);
            if (ckpt.restore()) {
                System.out.println("task " + ckpt.rank() + " restarted at step " + step[0]);
                if (step[0] < steps) {
                    step[0]++; // every checkpoint in the loop is taken after its step's advance
                }
            }
            for (; step[0] < steps; step[0]++) {
                payload.advance(step[0]);
                if (every > 0 && step[0] % every == 0) {
                    ckpt.checkpoint();
                } else {
                    if (every > 0 && step[0] % every == every / 2 && ckpt.rank() == 0) {
                        ckpt.requestCheckpoint();
                    }
                    ckpt.poll();
                }
            }
            while (!Files.exists(hold)) {
                ckpt.poll();
                Thread.sleep(5);
            }
            MPI.COMM_WORLD.barrier();
            System.out.println("task " + ckpt.rank() + " ended at step " + step[0] + " seed " + payload.seed);
        }
    }

    /** A seed that every step changes, and bytes made from it whose count changes at every checkpoint. */
    private static final class Payload implements Checkpointable {
        private final int rank;
        private long seed;
        private long writes;

        Payload(int rank) {
            this.rank = rank;
            this.seed = rank;
        }

        void advance(long step) {
            seed = seed * 6364136223846793005L + step + 1442695040888963407L;
        }

        /** Bytes for the {@code n}th write: steps of a few bytes, of more than a page, and now and then past a region. */
        private int size(long n) {
            int small = 90_000 + (int) (n % 5) * 13 + (int) (n % 7) * 5_000 + rank * 4096;
            return n % LARGE_EVERY == LARGE_EVERY - 1 ? LARGE + small : small;
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            writes++;
            byte[] bytes = bytes(seed, writes, size(writes));
            out.writeLong(seed);
            out.writeLong(writes);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            seed = in.readLong();
            writes = in.readLong();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            if (bytes.length != size(writes) || !Arrays.equals(bytes, bytes(seed, writes, bytes.length))) {
                throw new IOException("task " + rank + ": payload of write " + writes + " restored wrong");
            }
        }

        private static byte[] bytes(long seed, long writes, int n) {
            byte[] b = new byte[n];
            long x = seed ^ writes;
            for (int i = 0; i < n; i++) {
                x = x * 2862933555777941757L + 3037000493L;
                b[i] = (byte) (x >>> 56);
            }
            return b;
        }
    }
}
