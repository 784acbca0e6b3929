package org.jckpt.launch.dmtcp;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertNull;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.jckpt.engine.dmtcp.FollowedImage;
import org.jckpt.engine.dmtcp.ImageStaging;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.FileModes;
import org.jckpt.store.Progress;
import org.testng.annotations.Test;

/** The follower against a writer that behaves as DMTCP does: a growing .temp file, renamed when complete. */
public class ImageFollowerTest {
    private static final String IMAGE = "ckpt_java_98ff-41000-7b30dd62fc4.dmtcp";

    @Test
    public void anImageFollowedWhileWrittenHasTheChecksumOfTheWholeFile() throws Exception {
        ImageStaging staging = staging();
        Path image = staging.dir().resolve(IMAGE);
        ImageFollower follower = ImageFollower.start(staging);
        writeSlowlyThenRename(image, 40, 256 << 10);
        Map<String, FollowedImage> followed = follower.finish();

        FollowedImage f = FollowedImage.matching(followed, image);
        assertNotNull(f, "followed: " + followed);
        Checksummed whole = Checksums.crcAndSize(image, Progress.NONE);
        assertEquals(f.crc(), whole.crc());
        assertEquals(f.size(), whole.size());
        assertEquals(f.size(), 40L * (256 << 10));
    }

    @Test
    public void anImageNeverRenamedHasNoChecksum() throws Exception {
        ImageStaging staging = staging();
        Path temp = staging.dir().resolve(IMAGE + ".temp");
        ImageFollower follower = ImageFollower.start(staging);
        write(temp, 3, 4096, 20);
        Thread.sleep(50);
        assertFalse(follower.finish().containsKey(IMAGE), "a checkpoint that failed mid-write has no complete image");
    }

    @Test
    public void aFileReplacedAfterItWasFollowedDoesNotMatch() throws Exception {
        ImageStaging staging = staging();
        Path image = staging.dir().resolve(IMAGE);
        ImageFollower follower = ImageFollower.start(staging);
        writeSlowlyThenRename(image, 3, 4096);
        Map<String, FollowedImage> followed = follower.finish();
        Path other = staging.dir().resolve("other");
        write(other, 3, 4096, 0);
        Files.move(other, image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNull(FollowedImage.matching(followed, image), "another inode must be read whole");
    }

    @Test
    public void aTemporaryImageLeftByAnEarlierCheckpointIsRemovedFirst() throws Exception {
        ImageStaging staging = staging();
        Path stale = staging.dir().resolve(IMAGE + ".temp");
        Files.write(stale, new byte[100]);
        try (ImageFollower follower = ImageFollower.start(staging)) {
            assertFalse(Files.exists(stale));
        }
    }

    private static ImageStaging staging() throws IOException {
        return new ImageStaging(Files.createTempDirectory("follow"), FileModes.OWNER_ONLY);
    }

    private static void writeSlowlyThenRename(Path image, int chunks, int chunkSize) throws IOException, InterruptedException {
        Path temp = image.resolveSibling(image.getFileName() + ".temp");
        write(temp, chunks, chunkSize, 2);
        Files.move(temp, image, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(Path file, int chunks, int chunkSize, long pauseMillis) throws IOException, InterruptedException {
        Random random = new Random(chunks);
        byte[] chunk = new byte[chunkSize];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (int i = 0; i < chunks; i++) {
                random.nextBytes(chunk);
                ch.write(ByteBuffer.wrap(chunk));
                Thread.sleep(pauseMillis);
            }
        }
    }
}
