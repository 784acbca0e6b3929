package org.jckpt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Grid Engine's checkpointing environment for jckpt jobs (sge_checkpoint(5)): Grid Engine runs
 * ckpt_command to checkpoint a job and migr_command to checkpoint it and end this run of it, on a
 * suspend ({@code x}), an execution daemon's shutdown ({@code s}) or a rescheduling ({@code r}); the
 * job runs again with RESTARTED=1, and {@code jckpt run} in it restarts from the newest committed set.
 */
@Command(name = "sge-ckpt-env", mixinStandardHelpOptions = true,
        description = "Print a Grid Engine checkpointing environment for jckpt jobs, for 'qconf -Ackpt FILE'"
                + " (then add its name to the queue's ckpt_list, and submit with 'qsub -ckpt NAME')")
final class SgeCkptEnvCommand implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "jckpt", description = "the environment's name (default: ${DEFAULT-VALUE})")
    String name;

    @Override
    public Integer call() {
        String jckpt = Home.get().resolve("bin/jckpt").toString();
        System.out.print(String.join("\n",
                "ckpt_name          " + name,
                "interface          APPLICATION-LEVEL",
                "ckpt_command       " + jckpt + " checkpoint --batch-job $job_id",
                "migr_command       " + jckpt + " checkpoint -k --batch-job $job_id",
                "restart_command    none",
                "clean_command      none",
                "ckpt_dir           /tmp",
                "signal             none",
                "when               xsr",
                ""));
        return 0;
    }
}
