package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;
import org.jckpt.store.Checksummed;
import org.jckpt.store.FileModes;

/**
 * SCR's XOR encoding over one parity group of m tasks: each member's file is cut into m-1 chunks
 * of ceil(size/(m-1)) bytes, and member a's chunk k goes to member (a+1+k) mod m; each member keeps
 * the XOR of the m-1 chunks it received (shorter ones padded with zeros) as its parity, 1/(m-1) of a
 * file. A lost member's chunk sent to b is b's parity XOR the chunks the others sent to b, which
 * b's node can make alone once the others sent it their chunks again (SCR's rebuild, which reduces
 * around the ring to one node; here each holder makes its chunk and the nodes that read the lost
 * file fetch them in order). Files are read in blocks, never whole.
 */
public final class XorCode {
    private static final int BLOCK = 1 << 20;

    private XorCode() {
    }

    /** A piece of a file: {@code length} bytes from {@code offset}. */
    public record Range(long offset, long length) {
    }

    /** The chunk of a {@code size}-byte file that member {@code sender} sends to member {@code receiver} of {@code members}. */
    public static Range chunk(long size, int members, int sender, int receiver) {
        long c = (size + members - 2) / (members - 1);
        long k = Math.floorMod(receiver - sender - 1, members);
        long offset = Math.min(size, k * c);
        return new Range(offset, Math.min(c, size - offset));
    }

    /** A file's range as an input to a block-wise XOR. */
    public record Input(Path file, Range range) {
    }

    /**
     * Writes the XOR of {@code inputs}, each padded with zeros to the longest, to {@code target};
     * returns what was written, checksummed as it was.
     */
    public static Checksummed combine(List<Input> inputs, Path target, FileModes modes) throws IOException {
        long length = 0;
        for (Input i : inputs) {
            length = Math.max(length, Math.min(i.range().length(), Files.size(i.file()) - i.range().offset()));
        }
        CRC32C crc = new CRC32C();
        try (FileChannel out = modes.createForWriting(target)) {
            xorInto(inputs, length, out, crc);
        }
        return new Checksummed(crc.getValue(), length);
    }

    /**
     * The member whose parity holds the {@code k}-th chunk (in file order) of member {@code member}'s
     * file, of {@code members}: a lost file is rebuilt from its chunks in this order.
     */
    public static int holderOfChunk(int member, int k, int members) {
        return (member + 1 + k) % members;
    }

    /**
     * What rebuilds lost member {@code lost}'s chunk in member {@code holder}'s parity, of a group
     * of {@code sizes.length} members: that parity ({@code parity}: its bytes) and the chunks every
     * other member sent the holder ({@code sentBy}: each member's file with its chunk's range, or a
     * file that is only that chunk); each cut to the lost chunk's length, which their XOR has.
     */
    public static List<Input> lostChunkInputs(int lost, int holder, long[] sizes, Input parity, IntFunction<Input> sentBy) {
        long length = chunk(sizes[lost], sizes.length, lost, holder).length();
        List<Input> inputs = new ArrayList<>(List.of(cut(parity, length)));
        for (int a = 0; a < sizes.length; a++) {
            if (a != holder && a != lost) {
                inputs.add(cut(sentBy.apply(a), length));
            }
        }
        return inputs;
    }

    private static Input cut(Input in, long length) {
        return new Input(in.file(), new Range(in.range().offset(), Math.min(in.range().length(), length)));
    }

    /** Writes {@code length} bytes of the inputs' XOR at {@code out}'s position, adding them to {@code crc}. */
    private static void xorInto(List<Input> inputs, long length, FileChannel out, CRC32C crc) throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        try {
            for (Input i : inputs) {
                channels.add(FileChannel.open(i.file(), StandardOpenOption.READ));
            }
            byte[] sum = new byte[(int) Math.min(BLOCK, Math.max(length, 1))];
            byte[] block = new byte[sum.length];
            for (long x = 0; x < length; x += sum.length) {
                int n = (int) Math.min(sum.length, length - x);
                Arrays.fill(sum, 0, n, (byte) 0);
                for (int i = 0; i < inputs.size(); i++) {
                    int got = read(channels.get(i), inputs.get(i).range(), x, block, n);
                    for (int j = 0; j < got; j++) {
                        sum[j] ^= block[j];
                    }
                }
                crc.update(sum, 0, n);
                for (ByteBuffer b = ByteBuffer.wrap(sum, 0, n); b.hasRemaining(); ) {
                    out.write(b);
                }
            }
        } finally {
            for (FileChannel c : channels) {
                c.close();
            }
        }
    }

    /** Reads up to {@code n} bytes of {@code range} from offset {@code x} within it; returns how many there were. */
    private static int read(FileChannel ch, Range range, long x, byte[] into, int n) throws IOException {
        long end = Math.min(range.length(), ch.size() - range.offset());
        int want = (int) Math.max(0, Math.min(n, end - x));
        ByteBuffer b = ByteBuffer.wrap(into, 0, want);
        while (b.hasRemaining()) {
            if (ch.read(b, range.offset() + x + b.position()) < 0) {
                break;
            }
        }
        return b.position();
    }
}
