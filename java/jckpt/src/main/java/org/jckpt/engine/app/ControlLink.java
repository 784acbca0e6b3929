package org.jckpt.engine.app;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;
import org.jckpt.api.CheckpointException;
import org.jckpt.control.ControlClient;
import org.jckpt.control.Coordinator;
import org.jckpt.control.SafePoints;
import org.jckpt.engine.Collective;
import org.jckpt.job.JobConfig;
import org.jckpt.record.CheckpointLog;

/**
 * A task's link to the job's coordinator: the launcher's when {@code jckpt run} started the job,
 * otherwise one that task 0 runs itself, so that plain {@code mpirun} jobs can still take
 * partial checkpoints.
 */
final class ControlLink implements AutoCloseable {
    private final Coordinator ownCoordinator;
    private final ControlClient client;

    private ControlLink(Coordinator ownCoordinator, ControlClient client) {
        this.ownCoordinator = ownCoordinator;
        this.client = client;
    }

    static ControlLink connect(Collective collective, JobConfig config, SafePoints safePoints) {
        Coordinator own = null;
        String address = config.control();
        String token = config.token();
        try {
            if (address == null) {
                String mine = "";
                if (collective.rank() == 0) {
                    token = UUID.randomUUID().toString();
                    own = new Coordinator(token, collective.size());
                    mine = InetAddress.getLocalHost().getHostName() + ":" + own.port() + "\t" + token;
                }
                String[] shared = collective.broadcast(mine).split("\t");
                address = shared[0];
                token = shared[1];
            }
            return new ControlLink(own, new ControlClient(address, token, collective.rank(), safePoints));
        } catch (IOException e) {
            if (own != null) {
                own.close();
            }
            throw new CheckpointException("cannot reach the checkpoint coordinator at " + address + ": " + e.getMessage(), e);
        }
    }

    /** Task 0 without a launcher: each checkpoint its own coordinator saw every task's pause of goes into {@code log}. */
    void onPause(CheckpointLog log) {
        if (ownCoordinator != null) {
            ownCoordinator.onPause(log::append);
        }
    }

    ControlClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        if (ownCoordinator != null) {
            ownCoordinator.close();
        }
    }
}
