package org.jckpt.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jckpt.launch.JobControl;
import org.jckpt.launch.JobRegistry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Take a system-initiated checkpoint of a running job (like PE's poeckpt)."
                + " Every task's part is taken at its next safe point; prints the committed set file.")
final class CheckpointCommand implements Callable<Integer> {
    @Option(names = "-k", description = "stop the job once the set has committed")
    boolean stop;

    /** Which job: jckpt's own name for it, or the batch system's (all a checkpointing environment's command knows). */
    static final class Which {
        @Parameters(paramLabel = "JOB", description = "the job id that 'jckpt run' printed, or the launcher's pid")
        String job;

        @Option(names = "--batch-job", paramLabel = "ID",
                description = "the batch system's id of the job the launcher runs in (Grid Engine's $job_id, Slurm's job id)")
        String batchJob;
    }

    @ArgGroup(multiplicity = "1")
    Which which;

    @Override
    public Integer call() throws Exception {
        String named = which.job != null ? "job " + which.job : "batch job " + which.batchJob;
        JobRegistry registry = new JobRegistry(System.getenv());
        Optional<Path> found = which.job != null ? registry.find(which.job) : registry.findByBatchJob(which.batchJob);
        Path dir = found.orElseThrow(() -> new IllegalArgumentException("no running " + named
                + (which.job != null ? " (give the id 'jckpt run' printed, or its pid)" : " on this host")));
        JobControl.Answer answer;
        try {
            answer = JobControl.request(JobRegistry.socket(dir), stop);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(named + " does not answer (" + e.getMessage() + "); has it ended?");
        }
        if (!answer.committed()) {
            System.err.println("jckpt: checkpoint of " + named + " failed: " + answer.text());
            return 1;
        }
        System.out.println(answer.text());
        return 0;
    }
}
