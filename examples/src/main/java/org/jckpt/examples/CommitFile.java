package org.jckpt.examples;

import java.nio.file.Path;
import org.jckpt.store.Levels;
import org.jckpt.store.LocalLevel;
import org.jckpt.store.SetNaming;

/**
 * Where a benchmark sees a set committed: the set file {@code checkpoint()} returned appears in the
 * checkpoint directory when the flush commits it; with {@code --flush-every 0} sets are never
 * flushed, and the set file appears on this node's local level once the set (and its redundancy)
 * is complete there.
 */
final class CommitFile {
    private CommitFile() {
    }

    /** The file that says {@code set} (as {@code checkpoint()} returned it) is committed, once it exists. */
    static Path of(Path set) {
        Levels levels = Levels.fromEnvironment(System.getenv());
        if (levels.flushEvery() != 0) {
            return set;
        }
        SetNaming global = SetNaming.ofSetFile(set);
        SetNaming local = LocalLevel.existing(levels.localRootHere(), global)
                .orElseThrow(() -> new IllegalStateException("no local level of " + global.name() + " on this node under "
                        + levels.localRootHere()));
        return local.setFile(SetNaming.tagOf(set));
    }
}
