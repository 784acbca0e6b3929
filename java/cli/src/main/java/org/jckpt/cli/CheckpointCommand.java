package org.jckpt.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jckpt.launch.JobControl;
import org.jckpt.launch.JobRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Take a system-initiated checkpoint of a running job (like PE's poeckpt)."
                + " Every task's part is taken at its next safe point; prints the committed set file.")
final class CheckpointCommand implements Callable<Integer> {
    @Option(names = "-k", description = "stop the job once the set has committed")
    boolean stop;

    @Parameters(paramLabel = "JOB", description = "the job id that 'jckpt run' printed, or the launcher's pid")
    String job;

    @Override
    public Integer call() throws Exception {
        Path dir = new JobRegistry(System.getenv()).find(job)
                .orElseThrow(() -> new IllegalArgumentException("no running job " + job + " (give the id 'jckpt run' printed, or its pid)"));
        JobControl.Answer answer;
        try {
            answer = JobControl.request(JobRegistry.socket(dir), stop);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("job " + job + " does not answer (" + e.getMessage() + "); has it ended?");
        }
        if (!answer.committed()) {
            System.err.println("jckpt: checkpoint of job " + job + " failed: " + answer.text());
            return 1;
        }
        System.out.println(answer.text());
        return 0;
    }
}
