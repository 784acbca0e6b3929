package org.jckpt.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jckpt.job.EngineType;

/**
 * An MPI installation and its launcher: what jckpt needs to start a job's tasks on it. One
 * implementation per MPI ({@link OpenMpi}, {@link Mpich}); {@link MpiChoice} finds the one to use.
 */
public interface Mpi {

    /** What the start line and the set file say, e.g. "MPICH 4.0.2 (mpiexec.hydra)". */
    String describe();

    /** Where ci/setup.sh builds jckpt's binding against this installation. */
    Path jckptBindingDir(Path jckptHome);

    /** The MPI's own Java binding; fails saying why there is none. */
    MpiBinding ownBinding() throws LaunchException;

    /** The shell its launcher reaches other hosts with; jckpt probes hosts and starts DMTCP restarts with it too. */
    RemoteShell remoteShell();

    /** Why a job of {@code engine} cannot run on this MPI; empty when it can. */
    Optional<String> refusal(EngineType engine);

    /** The launcher's command up to the program it starts on every task. */
    List<String> launchCommand(LaunchRequest request) throws IOException, LaunchException;

    /**
     * Whether the MPI's own waits give up the core when tasks outnumber the cores (Open MPI as jckpt
     * starts it); MPICH's poll on, so that its collective of 4 tasks on 2 cores takes milliseconds.
     * (jckpt's binding yields by itself there: native/mpi/wait.c; C programs do not.)
     */
    boolean yieldsWhenOversubscribed();

    /** Variables the launcher needs when run by root (empty when it needs none). */
    Map<String, String> rootEnvironment();

    /** Variables jckpt sets for the launcher whoever runs it, a user's own value kept (empty when none). */
    Map<String, String> launcherEnvironment();

    /** A reader, for one run, of the launcher's report of why a job failed. */
    FailureReport failureReport();

    /** Starts watching the running {@code launcher} of job {@code jobId} for a state it would wait in for ever. */
    LauncherWatch watch(Process launcher, String jobId, PrintStream err);

    /** Removes what killed jobs of this MPI left on this host; never fails the caller. */
    void cleanLeftovers(Map<String, String> env, PrintStream err);

    /**
     * One launch: its task count, its hostfile (jckpt's format, null for this host or the batch
     * allocation), the variables every task gets from the launcher's environment, and a directory
     * of the job's own for files the launcher needs.
     */
    record LaunchRequest(int tasks, Path hostfile, List<String> exported, Path jobDir) {
    }
}
