package org.jckpt.engine.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * An image's checksum taken while DMTCP wrote it, with the file it was read from (its inode) and
 * its size, so that the set's assembly need not read it again.
 */
public record FollowedImage(Object fileKey, long size, long crc) {

    /** The checksum followed for {@code image}, if it is of this very file as it is now; else null. */
    public static FollowedImage matching(Map<String, FollowedImage> followed, Path image) throws IOException {
        FollowedImage f = followed.get(image.getFileName().toString());
        if (f == null) {
            return null;
        }
        BasicFileAttributes now = Files.readAttributes(image, BasicFileAttributes.class);
        return f.fileKey().equals(now.fileKey()) && f.size() == now.size() ? f : null;
    }
}
