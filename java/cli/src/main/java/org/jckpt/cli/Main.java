package org.jckpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/jckpt}: run, checkpoint, restart, list and verify checkpointed Java MPI jobs. */
@Command(name = "jckpt", mixinStandardHelpOptions = true, version = "jckpt 0.1",
        description = "Checkpoint/restart for Java programs on MPI (IBM PE semantics).",
        subcommands = {RunCommand.class, CheckpointCommand.class, RestartCommand.class,
                ListCommand.class, VerifyCommand.class, StatsCommand.class, BenchCommand.class, BenchRestartCommand.class,
                BenchDmtcpCommand.class, BenchMpiCommand.class, SgeCkptEnvCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println("jckpt: " + e.getMessage() + " (see: jckpt " + commandPath(e.getCommandLine()) + "--help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("jckpt: " + Failures.oneLine(e, cmd.getCommandName()));
            return 1;
        });
        return cl.execute(args);
    }

    private static String commandPath(CommandLine cl) {
        String name = cl.getCommandName();
        return "jckpt".equals(name) ? "" : name + " ";
    }
}
