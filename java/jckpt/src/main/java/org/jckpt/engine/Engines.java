package org.jckpt.engine;

import org.jckpt.engine.app.AppEngine;
import org.jckpt.engine.dmtcp.DmtcpEngine;
import org.jckpt.job.JobConfig;
import org.jckpt.store.CheckpointSet;

/** Picks the engine the launcher asked for. */
public final class Engines {
    private Engines() {
    }

    public static Engine create(JobConfig config, Collective collective, TaskState state, CheckpointSet.Program program, String host) {
        return switch (config.engine()) {
            case APP -> new AppEngine(collective, config, state, program, host);
            case DMTCP -> new DmtcpEngine(collective, config, state, program, host);
        };
    }
}
