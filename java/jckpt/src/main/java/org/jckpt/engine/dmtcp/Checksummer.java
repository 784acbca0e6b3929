package org.jckpt.engine.dmtcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.Checksummed;
import org.jckpt.store.Checksums;
import org.jckpt.store.Progress;

/**
 * Set-file entries of placed images and their saved files: an image followed while DMTCP wrote it
 * keeps that checksum; the other files are read, in parallel (one file per core).
 */
final class Checksummer {
    private Checksummer() {
    }

    static List<CheckpointSet.FileEntry> entries(List<PlacedImage> placed, Map<Path, FollowedImage> followed,
                                                 Path setDir) throws IOException {
        List<Item> items = new ArrayList<>();
        for (PlacedImage p : placed) {
            items.add(new Item(p.label(), p.image(), followed.get(p.image())));
            if (p.filesDir() != null) {
                for (Path f : SetAssembler.regularFilesUnder(p.filesDir())) {
                    items.add(new Item(p.label(), f, null));
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(items.size(), Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<CheckpointSet.FileEntry>> futures = new ArrayList<>();
            for (Item item : items) {
                futures.add(pool.submit(() -> entry(item, setDir)));
            }
            List<CheckpointSet.FileEntry> entries = new ArrayList<>();
            for (Future<CheckpointSet.FileEntry> f : futures) {
                entries.add(f.get());
            }
            return entries;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checksumming the images", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Item(String label, Path file, FollowedImage followed) {
    }

    private static CheckpointSet.FileEntry entry(Item item, Path setDir) {
        try {
            Checksummed sum = item.followed() != null ? new Checksummed(item.followed().crc(), item.followed().size())
                    : Checksums.crcAndSize(item.file(), Progress.NONE);
            return new CheckpointSet.FileEntry(item.label(), setDir.relativize(item.file()).toString(),
                    sum.size(), sum.crcHex());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
