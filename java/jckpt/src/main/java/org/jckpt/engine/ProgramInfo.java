package org.jckpt.engine;

import java.util.List;
import java.util.Map;
import org.jckpt.store.CheckpointSet;

/** The running program, as recorded in set files so that a restart can relaunch it. */
public record ProgramInfo(String mainClass, List<String> args, String classPath, Map<String, String> options) {

    public CheckpointSet.Program toSetProgram() {
        return new CheckpointSet.Program(mainClass, args, classPath, options);
    }
}
