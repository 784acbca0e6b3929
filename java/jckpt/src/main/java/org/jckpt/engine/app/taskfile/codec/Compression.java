package org.jckpt.engine.app.taskfile.codec;

import java.util.Locale;

/**
 * How task files are compressed on their way to the checkpoint directory: {@code none}, {@code lz4}
 * or {@code zstd[:LEVEL]}. {@link #toString()} gives the text {@link #parse(String)} reads back.
 *
 * @param codec the codec
 * @param level zstd's level ({@link #ZSTD_LEVELS}); 0 for the other codecs
 */
public record Compression(Codec codec, int level) {
    /** The codecs, by the number task file indexes record (their ordinal). */
    public enum Codec { NONE, LZ4, ZSTD }

    public static final Compression NONE = new Compression(Codec.NONE, 0);
    public static final Compression LZ4 = new Compression(Codec.LZ4, 0);
    /** zstd's fastest positive level: the one that keeps up with a checkpoint's flush. */
    public static final int ZSTD_DEFAULT_LEVEL = 1;
    /** The zstd levels accepted. */
    public static final String ZSTD_LEVELS = "1 to 22";
    private static final int ZSTD_MAX_LEVEL = 22;
    private static final String EXPECTED = "expected none, lz4, zstd or zstd:LEVEL with LEVEL " + ZSTD_LEVELS;

    public Compression {
        if ((codec == Codec.ZSTD) != (level != 0) || level < 0 || level > ZSTD_MAX_LEVEL) {
            throw new IllegalArgumentException(codec + " has no level " + level);
        }
    }

    public static Compression zstd(int level) {
        return new Compression(Codec.ZSTD, level);
    }

    /** Reads {@code none}, {@code lz4}, {@code zstd} (level {@value #ZSTD_DEFAULT_LEVEL}) or {@code zstd:LEVEL}; one line on bad input. */
    public static Compression parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "none":
                return NONE;
            case "lz4":
                return LZ4;
            case "zstd":
                return zstd(ZSTD_DEFAULT_LEVEL);
            default:
                break;
        }
        if (t.startsWith("zstd:")) {
            try {
                int level = Integer.parseInt(t.substring("zstd:".length()));
                if (level >= 1 && level <= ZSTD_MAX_LEVEL) {
                    return zstd(level);
                }
            } catch (NumberFormatException e) {
                // Reported below with what is expected.
            }
        }
        throw new IllegalArgumentException("compression '" + text + "': " + EXPECTED);
    }

    public boolean compresses() {
        return codec != Codec.NONE;
    }

    @Override
    public String toString() {
        return codec == Codec.ZSTD ? "zstd:" + level : codec.name().toLowerCase(Locale.ROOT);
    }
}
