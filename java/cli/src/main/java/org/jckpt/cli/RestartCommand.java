package org.jckpt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.Launcher;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
import org.jckpt.store.RestartSets;
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
        Path setFile = source.setFile != null ? source.setFile.toAbsolutePath() : latest();
        CheckpointSet set = RestartSets.verified(setFile, bytes -> ConsoleProgress.of("checking " + setFile.getFileName(), bytes));
        System.err.println("jckpt: restarting " + set.tasks() + " tasks of " + set.program().mainClass() + " from " + setFile);
        return new Launcher(Home.get(), System.getenv(), System.err).batch(job.batchPolicy()).run(specOf(set, setFile));
    }

    private Path latest() throws Exception {
        Path p = source.latest.toAbsolutePath();
        SetNaming naming = new SetNaming(p.getParent(), p.getFileName().toString());
        return RestartSets.newestValid(naming, RestartSets.ProgressFactory.NONE, w -> System.err.println("jckpt: " + w))
                .orElseThrow(() -> new IllegalArgumentException("no checkpoint set " + p + ".<tag> exists"));
    }

    private JobSpec specOf(CheckpointSet set, Path setFile) {
        SetNaming naming = SetNaming.ofSetFile(setFile);
        CheckpointSet.Program program = set.program();
        Map<String, String> recorded = program.options() == null ? Map.of() : program.options();
        String every = job.every != null ? job.every : recorded.get("every");
        boolean groupRead = job.groupRead || Boolean.parseBoolean(recorded.get(FileModes.RECORDED_OPTION));
        List<String> classPath = program.classPath() == null || program.classPath().isEmpty() ? List.of() : List.of(program.classPath());
        return new JobSpec(set.tasks(), job.hostfile, classPath, set.engine(), naming.dir().toString(), naming.name(),
                every, job.keep, program.mainClass(), program.args(), setFile, false, groupRead);
    }
}
