package org.jckpt.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableSet;
import java.util.stream.Stream;

/** Deletes old sets once a newer one has committed, keeping the newest {@code keep}. */
public final class Retention {
    private Retention() {
    }

    /**
     * Called right after set {@code committedTag} committed: removes committed sets older than the
     * newest {@code keep}, and leftovers of failed attempts older than {@code committedTag}.
     */
    public static void prune(SetNaming naming, int committedTag, int keep) throws IOException {
        NavigableSet<Integer> committed = naming.setTags().headSet(committedTag, true);
        NavigableSet<Integer> kept = committed.descendingSet();
        List<Integer> keptTags = kept.stream().limit(Math.max(keep, 1)).toList();
        for (int tag : naming.allTags(true).headSet(committedTag, false)) {
            if (!keptTags.contains(tag)) {
                deleteSet(naming, tag);
            }
        }
    }

    /** Deletes one set: the set file first, so that a half-deleted set never looks committed. */
    public static void deleteSet(SetNaming naming, int tag) throws IOException {
        Files.deleteIfExists(naming.setFile(tag));
        try (Stream<Path> files = naming.filesOfTag(tag)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                FileTrees.delete(f);
            }
        }
    }
}
