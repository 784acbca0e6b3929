package org.jckpt.engine.app.taskfile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jckpt.job.EngineType;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.SetFiles;

/** The set file's content for a set of this job's task files: the same whether committed in the pause or after a flush. */
public record SetRecord(CheckpointSet.Program program) {

    public CheckpointSet of(int tag, List<WrittenFile> written, Map<String, String> layout, Map<String, String> info) {
        List<CheckpointSet.FileEntry> files = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (int task = 0; task < written.size(); task++) {
            WrittenFile f = written.get(task);
            hosts.add(f.host());
            files.add(f.entry(task));
        }
        return new CheckpointSet(SetFiles.FORMAT, EngineType.APP.id(), program, written.size(), hosts, tag,
                Instant.now().toString(), files, info, layout);
    }
}
