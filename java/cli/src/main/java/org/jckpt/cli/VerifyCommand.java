package org.jckpt.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.SetFileException;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every file of a checkpoint set against the sizes and CRC-32C checksums its set file records,"
                + " and say whether it restarts with any task count (every item redistributable).")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SETFILE", description = "the set file, <dir>/<name>.<tag>")
    Path setFile;

    @Override
    public Integer call() throws SetFileException {
        CheckpointSet set = SetFiles.read(setFile);
        SetVerifier.verify(setFile, ConsoleProgress.of("verifying", set.totalSize()));
        System.out.printf("%s: ok (%d tasks, %d files, %d bytes, engine %s); restarts with %s%n", setFile, set.tasks(),
                set.files().size(), set.totalSize(), set.engine(),
                set.redistributable() ? "any task count" : set.tasks() + " tasks only: " + set.whyTaskBound());
        return 0;
    }
}
