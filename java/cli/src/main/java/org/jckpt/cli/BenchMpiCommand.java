package org.jckpt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jckpt.launch.LaunchException;
import org.jckpt.launch.Mpi;
import org.jckpt.launch.MpiChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench-mpi", mixinStandardHelpOptions = true,
        description = "Measure MPI from Java: ping-pong on 2 tasks (each on its own core: latency of 8 B as half a round"
                + " trip, bandwidth of 1 MiB and 16 MiB) and allReduce of 8 B and 8 MiB on 4 tasks (on MPICH no more than"
                + " the cores: its waiting tasks never yield), with heap arrays and"
                + " with direct buffers, for jckpt's binding, for the MPI's own Java binding (Open MPI's, where present) and"
                + " for the same loops in C against the same MPI (--mpi). Every figure is the median of --reps runs, each its own MPI job,"
                + " the bindings alternated (C, jckpt, openmpi, C, ...); the table shows the range of single runs and issue"
                + " 22's targets for jckpt's binding. --json prints one JSON object on stdout (the table then goes to stderr).")
final class BenchMpiCommand implements Callable<Integer> {
    /** A benchmark mode and the tasks it runs on. */
    private record Mode(String name, int tasks) {
    }

    private static final int ALLREDUCE_TASKS = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--reps", defaultValue = "5", description = "runs of each program and mode (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--quick", description = "a tenth of each loop's rounds: rough figures, soon (for tests)")
    boolean quick;

    @Option(names = "--json", description = "print the figures as one JSON object on stdout")
    boolean json;

    @Option(names = "--mpi", paramLabel = "auto|openmpi|mpich",
            description = "the MPI to measure, as run chooses it (default: $JCKPT_MPI where set, else auto)")
    String mpi;

    @Override
    public Integer call() throws Exception {
        if (reps < 1) {
            throw new ParameterException(spec.commandLine(), "--reps must be at least 1, not " + reps);
        }
        MpiBenchJobs jobs = MpiBenchJobs.locate(MpiChoice.of(mpi, System.getenv()).locate(System.getenv(), Home.get()), Home.get());
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("repetitions", reps);
        about.put("quick", quick);
        about.put("load_average_before", loadAverage());
        List<Mode> modes = List.of(new Mode("pingpong", 2), new Mode("allreduce", allReduceTasks(jobs.mpi())));
        about.put("allreduce_tasks", modes.get(1).tasks());
        MpiFigures figures = measure(jobs, modes);
        about.put("load_average_after", loadAverage());
        about.put("mpi", jobs.mpi().describe());
        about.put("openmpi_binding", jobs.mpisOwnBinding());
        MpiBenchReport report = new MpiBenchReport(figures, MpiTarget.of(figures.medians()));
        PrintStream people = json ? System.err : System.out;
        people.printf("bench-mpi: %s; medians of %d runs each (C, jckpt, openmpi alternated)%s; allReduce on %d tasks;"
                + " load average %s before, %s after; the MPI's own binding: %s%n%n", jobs.mpi().describe(), reps,
                quick ? ", quick" : "", modes.get(1).tasks(), about.get("load_average_before"), about.get("load_average_after"),
                jobs.mpisOwnBinding());
        people.print(report.table());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(report.json(about)));
        }
        return 0;
    }

    /**
     * 4, or no more than this host's cores (2 at least) on an MPI whose waiting tasks do not yield: there
     * an allReduce of 4 tasks on 2 cores measures the scheduler (milliseconds each), not MPI.
     */
    private static int allReduceTasks(Mpi mpi) {
        int cores = Runtime.getRuntime().availableProcessors();
        return mpi.yieldsWhenOversubscribed() ? ALLREDUCE_TASKS : Math.max(2, Math.min(ALLREDUCE_TASKS, cores));
    }

    /** Every program's every mode, --reps times, alternated: C, jckpt, openmpi, C, jckpt, openmpi, ... */
    private MpiFigures measure(MpiBenchJobs jobs, List<Mode> modes) throws IOException, InterruptedException, LaunchException {
        MpiFigures figures = new MpiFigures();
        for (int rep = 1; rep <= reps; rep++) {
            System.err.printf("bench-mpi: run %d of %d%n", rep, reps);
            for (Mode mode : modes) {
                for (MpiBenchJobs.Program program : jobs.programs()) {
                    figures.add(program.binding(), jobs.run(program, mode.name(), mode.tasks(), quick));
                }
            }
        }
        return figures;
    }

    /** The 1, 5 and 15 minute load averages: a benchmark's figures mean little on a busy machine. */
    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return String.join(" ", fields[0], fields[1], fields[2]);
    }
}
