package org.jckpt.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks every file of a committed set against the sizes and checksums the set file records. */
public final class SetVerifier {
    private SetVerifier() {
    }

    /** Returns the set if every file is present and intact; otherwise throws naming the first bad file. */
    public static CheckpointSet verify(Path setFile, Progress progress) throws SetFileException {
        CheckpointSet set = SetFiles.read(setFile);
        Path dir = setFile.toAbsolutePath().getParent();
        for (CheckpointSet.FileEntry entry : set.files()) {
            verifyFile(dir.resolve(entry.file()), entry, progress);
        }
        return set;
    }

    /** Checks that every file of {@code set} is present with the size it records, reading no data. */
    public static void requirePresent(Path setFile, CheckpointSet set) throws SetFileException {
        Path dir = setFile.toAbsolutePath().getParent();
        for (CheckpointSet.FileEntry entry : set.files()) {
            Path file = dir.resolve(entry.file());
            if (!Files.isRegularFile(file)) {
                throw new DamagedSetException(file + ": task file is missing");
            }
            try {
                if (Files.size(file) != entry.size()) {
                    throw new DamagedSetException(file + ": size " + Files.size(file) + " bytes, set file records "
                            + entry.size() + " (truncated or overwritten)");
                }
            } catch (IOException e) {
                throw new DamagedSetException(file + ": cannot read (" + e.getMessage() + ")");
            }
        }
    }

    /** Checks one file against its entry. */
    public static void verifyFile(Path file, CheckpointSet.FileEntry entry, Progress progress)
            throws SetFileException {
        if (!Files.isRegularFile(file)) {
            throw new DamagedSetException(file + ": task file is missing");
        }
        Checksummed actual;
        try {
            actual = Checksums.crcAndSize(file, progress);
        } catch (IOException e) {
            throw new DamagedSetException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (actual.size() != entry.size()) {
            throw new DamagedSetException(file + ": size " + actual.size() + " bytes, set file records "
                    + entry.size() + " (truncated or overwritten)");
        }
        String crc = actual.crcHex();
        if (!crc.equals(entry.crc32c())) {
            throw new DamagedSetException(file + ": checksum " + crc + ", set file records "
                    + entry.crc32c() + " (corrupt)");
        }
    }
}
