package org.jckpt.engine;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertSame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jckpt.api.CheckpointCallbacks;
import org.jckpt.api.CheckpointException;
import org.jckpt.api.RemoteTaskException;
import org.testng.annotations.Test;

public class TaskStateTest {

    @Test
    public void everyCallbackRunsAndTheFirstFailureCarriesTheLaterOnes() {
        TaskState state = new TaskState();
        List<String> called = new ArrayList<>();
        IOException first = new IOException("first");
        IllegalStateException second = new IllegalStateException("second");
        state.addCallbacks(failing(called, "a", first));
        state.addCallbacks(failing(called, "b", null));
        state.addCallbacks(failing(called, "c", second));

        Exception failure = state.fireCheckpoint();

        assertEquals(called, List.of("a", "b", "c"));
        assertSame(failure, first);
        assertEquals(List.of(failure.getSuppressed()), List.of(second));
        assertNull(state.fireResume(), "onResume was not overridden");
    }

    @Test
    public void aProblemCarriesTheLocalCauseOnItsTaskAndItsTextElsewhere() {
        IOException local = new IOException("disk");
        TaskProblem problem = new TaskProblem(1, TaskProblem.ofCallback("onCheckpoint", 1, "node7", local));

        CheckpointException onTask1 = problem.toException("checkpoint x.3 not committed: ", 1, local);
        CheckpointException onTask0 = problem.toException("checkpoint x.3 not committed: ", 0, null);

        assertEquals(onTask1.getMessage(), "checkpoint x.3 not committed: onCheckpoint failed on task 1 (node7): java.io.IOException: disk");
        assertSame(onTask1.getCause(), local);
        assertEquals(onTask0.task().getAsInt(), 1);
        assertEquals(((RemoteTaskException) onTask0.getCause()).task(), 1);
        assertEquals(onTask0.getMessage(), onTask1.getMessage());
    }

    private static CheckpointCallbacks failing(List<String> called, String name, Exception failure) {
        return new CheckpointCallbacks() {
            @Override
            public void onCheckpoint() throws Exception {
                called.add(name);
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }
}
