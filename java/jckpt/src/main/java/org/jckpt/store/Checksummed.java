package org.jckpt.store;

/** A file's CRC-32C and size in bytes, as a set file records them. */
public record Checksummed(long crc, long size) {

    /** The CRC as the set file writes it: 8 hex digits. */
    public String crcHex() {
        return Checksums.hex(crc);
    }
}
