package org.jckpt.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jckpt.batch.BatchJob;
import org.jckpt.job.EngineType;
import org.jckpt.launch.JobSpec;
import org.jckpt.launch.RestartChoice;
import org.jckpt.store.RestartSets.VerifiedSet;
import org.jckpt.store.SetNaming;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Launch MAINCLASS as an MPI job of N tasks under mpirun, with checkpointing.",
                "Prints the job id on stderr; 'jckpt checkpoint JOB' or SIGUSR1 to this process takes a checkpoint.",
                "Exit status: the job's (its last run's with --max-restarts); 3 when 'jckpt checkpoint -k' stopped it after a checkpoint."},
        footer = {"", "Environment: MP_CKPTDIR, MP_CKPTFILE (as in IBM PE), MPI_HOME, OMPI_HOME, MPI_JAR, JCKPT_CONTROL_HOST,",
                "DMTCP_HOME (--engine dmtcp; else dmtcp_launch is looked up on PATH).",
                "Example: jckpt run -np 4 -- org.jckpt.examples.Heat --n 256 --iters 500"})
final class RunCommand implements Callable<Integer> {
    @Option(names = "-np", required = true, paramLabel = "N", description = "number of MPI tasks")
    int tasks;

    @Option(names = "--cp", paramLabel = "CLASSPATH", description = "extra class path (jars or directories, ':'-separated)")
    List<String> classPath = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "app|dmtcp", defaultValue = "app", converter = EngineTypes.class,
            description = "checkpoint engine (default: ${DEFAULT-VALUE})")
    EngineType engine;

    @Option(names = "--ckpt-dir", paramLabel = "DIR", description = "checkpoint directory (default: $MP_CKPTDIR, else the current one)")
    String ckptDir;

    @Option(names = "--ckpt-file", paramLabel = "NAME",
            description = "checkpoint base name, a path overrides the directory (default: $MP_CKPTFILE, else the main class's name)")
    String ckptFile;

    @Option(names = "--gzip", description = "DMTCP engine: gzip the process images (smaller, about 4x slower)")
    boolean gzip;

    @Option(names = "--restart", paramLabel = "auto|never|SETFILE",
            description = "start from a checkpoint set: SETFILE, or 'auto' for the newest valid set of this checkpoint name"
                    + " (default: auto inside a batch job with a checkpoint directory, else never)")
    String restart;

    @Mixin
    JobOptions job;

    @Parameters(index = "0", paramLabel = "MAINCLASS", description = "the program's main class")
    String mainClass;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the program's arguments")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (tasks < 1) {
            throw new IllegalArgumentException("-np must be at least 1");
        }
        job.validate();
        job.requireLevelsOf(engine);
        String dir = ckptDir != null ? ckptDir : System.getenv("MP_CKPTDIR");
        String file = ckptFile != null ? ckptFile : System.getenv("MP_CKPTFILE");
        SetNaming naming = SetNaming.resolve(dir, file, mainClass);
        String choice = restartChoice(dir);
        Consumer<String> say = line -> System.err.println("jckpt: " + line);
        Optional<Path> from = RestartChoice.forRun(choice, naming, job.localDir(), engine.id(), tasks, mainClass,
                bytes -> ConsoleProgress.of("checking", bytes), say).map(VerifiedSet::setFile);
        JobSpec spec = job.applyTo(JobSpec.builder(tasks, mainClass, args)).classPath(classPath).engine(engine)
                .checkpoints(dir, file).restartFrom(from.orElse(null)).gzip(gzip).build();
        return job.launch(spec, choice.equals(RestartChoice.AUTO), say);
    }

    /** Batch jobs come back after requeues with the same command line: they resume on their own. */
    private String restartChoice(String dir) {
        if (restart != null) {
            return restart;
        }
        boolean inBatchJob = BatchJob.detect(System.getenv()).isPresent();
        return inBatchJob && dir != null ? RestartChoice.AUTO : RestartChoice.NEVER;
    }
}
