package org.jckpt.engine;

import org.jckpt.engine.app.AppEngine;
import org.jckpt.engine.dmtcp.DmtcpEngine;
import org.jckpt.job.JobConfig;

/** Picks the engine the launcher asked for. */
public final class Engines {
    private Engines() {
    }

    public static Engine create(JobConfig config, Collective collective, TaskState state, ProgramInfo program, String host) {
        return switch (config.engine()) {
            case JobConfig.APP -> new AppEngine(collective, config, state, program, host);
            case JobConfig.DMTCP -> new DmtcpEngine(collective, config, state, program, host);
            default -> throw new IllegalArgumentException("unknown checkpoint engine '" + config.engine() + "'");
        };
    }
}
