package org.jckpt.launch.dmtcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jckpt.engine.dmtcp.FollowedImage;
import org.jckpt.engine.dmtcp.ImageStaging;
import org.jckpt.system.DaemonThreads;

/**
 * Checksums DMTCP's images while DMTCP writes them, so that a set can commit moments after the
 * checkpoint instead of reading every image again while the resumed job competes for the cores.
 * DMTCP writes each image front to back into {@code ckpt_<program>_<id>.dmtcp.temp} and renames it
 * (same inode) once every process has written its own; a reader follows each growing file and
 * ends at its end after the rename. An image it missed or could not follow has no checksum here,
 * and the assembler reads it whole.
 */
public final class ImageFollower implements AutoCloseable {
    private static final String TEMP_SUFFIX = ".temp";
    private static final long POLL_MILLIS = 1;
    private static final int CHUNK = 4 << 20;

    private final Path dir;
    private final ExecutorService readers = Executors.newCachedThreadPool(DaemonThreads.named("jckpt-image-follower"));
    private final Map<String, Future<FollowedImage>> byImage = new ConcurrentHashMap<>();
    private volatile boolean writing = true;
    private volatile boolean abandoned;

    private ImageFollower(Path dir) {
        this.dir = dir;
    }

    /** Starts watching {@code staging} for images being written; call before the checkpoint. */
    public static ImageFollower start(ImageStaging staging) throws IOException {
        removeTemporaries(staging.dir());
        ImageFollower follower = new ImageFollower(staging.dir());
        follower.readers.submit(follower::watch);
        return follower;
    }

    /**
     * Once the checkpoint has ended: the checksums of the images followed, by image file name
     * (without {@code .temp}); readers still behind catch up first.
     */
    public Map<String, FollowedImage> finish() throws InterruptedException {
        writing = false;
        readers.shutdown();
        readers.awaitTermination(1, TimeUnit.MINUTES);
        Map<String, FollowedImage> done = new HashMap<>();
        for (Map.Entry<String, Future<FollowedImage>> e : byImage.entrySet()) {
            FollowedImage f = outcome(e.getValue());
            if (f != null) {
                done.put(e.getKey(), f);
            }
        }
        return done;
    }

    private static FollowedImage outcome(Future<FollowedImage> f) throws InterruptedException {
        try {
            return f.isDone() ? f.get() : null;
        } catch (ExecutionException | CancellationException e) {
            return null; // Not followed: read whole later.
        }
    }

    /** Stops following (a failed checkpoint). */
    @Override
    public void close() {
        abandoned = true;
        writing = false;
        readers.shutdownNow();
    }

    /** An earlier checkpoint killed mid-write leaves a temporary image; ours must be DMTCP's new one. */
    private static void removeTemporaries(Path dir) throws IOException {
        for (Path f : listTemporaries(dir)) {
            Files.deleteIfExists(f);
        }
    }

    private static List<Path> listTemporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(TEMP_SUFFIX) && ImageStaging.isImage(name.substring(0, name.length() - TEMP_SUFFIX.length()));
            }).toList();
        }
    }

    private Void watch() throws IOException, InterruptedException {
        Set<Path> seen = new HashSet<>();
        while (writing) {
            for (Path temp : listTemporaries(dir)) {
                if (seen.add(temp)) {
                    String image = temp.getFileName().toString();
                    byImage.put(image.substring(0, image.length() - TEMP_SUFFIX.length()), readers.submit(() -> follow(temp)));
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        return null;
    }

    /** Reads {@code temp} as it grows until it is renamed and read to its end; null if that fails. */
    private FollowedImage follow(Path temp) throws InterruptedException {
        try (FileChannel ch = FileChannel.open(temp)) {
            Object key = Files.readAttributes(temp, BasicFileAttributes.class).fileKey();
            CRC32C crc = new CRC32C();
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            long pos = 0;
            boolean renamed = false;
            while (!abandoned) {
                int n = ch.read(buf.clear(), pos);
                if (n > 0) {
                    crc.update(buf.flip());
                    pos += n;
                } else if (renamed) {
                    return new FollowedImage(key, pos, crc.getValue());
                } else if (!Files.exists(temp)) {
                    renamed = true; // Complete now; one more pass reads what was written since.
                } else if (!writing) {
                    return null; // The checkpoint ended without renaming it: it failed.
                } else {
                    Thread.sleep(POLL_MILLIS);
                }
            }
            return null;
        } catch (IOException e) {
            return null; // E.g. renamed before it could be opened: read whole later.
        }
    }
}
