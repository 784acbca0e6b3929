package org.jckpt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jckpt.job.EngineType;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.RestartChoice;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.RecordedOptions;
import org.jckpt.store.RestartSets.VerifiedSet;
import org.jckpt.store.SetNaming;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart a job from a checkpoint set, with its recorded program and task count (or -np M when"
                + " every item of the set can be redistributed), on this host or on the hosts of --hostfile."
                + " Files are checked before launch (sizes; each task checks the blocks it reads);"
                + " with --latest a bad newest set falls back to the previous committed one.")
final class RestartCommand implements Callable<Integer> {
    static final class Source {
        @Parameters(paramLabel = "SETFILE", description = "the set file, <dir>/<name>.<tag>")
        Path setFile;

        @Option(names = "--latest", paramLabel = "DIR/NAME", description = "the newest valid set of this checkpoint name")
        Path latest;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "-np", paramLabel = "M", description = "restart with M tasks (default: the set's task count)")
    Integer tasks;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        job.validate();
        if (tasks != null && tasks < 1) {
            throw new IllegalArgumentException("-np must be at least 1");
        }
        Consumer<String> say = line -> System.err.println("jckpt: " + line);
        VerifiedSet chosen = RestartChoice.forRestart(source.setFile, source.latest, job.localDir(), tasks,
                bytes -> ConsoleProgress.of("checking", bytes), say);
        Path setFile = chosen.setFile();
        CheckpointSet set = chosen.set();
        job.requireLevelsOf(EngineType.of(set.engine()));
        int count = tasks == null ? set.tasks() : tasks;
        System.err.println("jckpt: restarting " + count + " tasks of " + set.program().mainClass() + " from " + setFile
                + (count == set.tasks() ? "" : " (written by " + set.tasks() + " tasks)"));
        return job.launch(specOf(set, setFile, count), source.latest != null, say);
    }

    private JobSpec specOf(CheckpointSet set, Path setFile, int count) {
        // A newest set may be on the node-local level: the job's own checkpoints still go to DIR/NAME.
        SetNaming naming = source.latest == null ? SetNaming.ofSetFile(setFile)
                : new SetNaming(source.latest.toAbsolutePath().getParent(), source.latest.getFileName().toString());
        CheckpointSet.Program program = set.program();
        RecordedOptions recorded = RecordedOptions.of(program);
        String every = job.every != null ? job.every : recorded.every();
        boolean groupRead = job.groupRead || recorded.groupRead();
        List<String> classPath = program.classPath() == null || program.classPath().isEmpty() ? List.of() : List.of(program.classPath());
        return job.applyTo(JobSpec.builder(count, program.mainClass(), program.args())).classPath(classPath)
                .engine(EngineType.of(set.engine())).checkpoints(naming.dir().toString(), naming.name()).every(every)
                .restartFrom(setFile).groupRead(groupRead).build();
    }
}
