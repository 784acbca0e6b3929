package org.jckpt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
        description = "Restart a job from a checkpoint set, with its recorded task count and program,"
                + " on this host or on the hosts of --hostfile. Every file is checked before launch;"
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

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        job.validate();
        VerifiedSet chosen = RestartChoice.forRestart(source.setFile, source.latest, bytes -> ConsoleProgress.of("checking", bytes),
                warning -> System.err.println("jckpt: " + warning));
        Path setFile = chosen.setFile();
        CheckpointSet set = chosen.set();
        System.err.println("jckpt: restarting " + set.tasks() + " tasks of " + set.program().mainClass() + " from " + setFile);
        return job.launch(specOf(set, setFile));
    }

    private JobSpec specOf(CheckpointSet set, Path setFile) {
        SetNaming naming = SetNaming.ofSetFile(setFile);
        CheckpointSet.Program program = set.program();
        RecordedOptions recorded = RecordedOptions.of(program);
        String every = job.every != null ? job.every : recorded.every();
        boolean groupRead = job.groupRead || recorded.groupRead();
        List<String> classPath = program.classPath() == null || program.classPath().isEmpty() ? List.of() : List.of(program.classPath());
        return job.applyTo(JobSpec.builder(set.tasks(), program.mainClass(), program.args())).classPath(classPath)
                .engine(EngineType.of(set.engine())).checkpoints(naming.dir().toString(), naming.name()).every(every)
                .restartFrom(setFile).groupRead(groupRead).build();
    }
}
