package org.jckpt.engine.dmtcp;

/** This process's DMTCP counters: checkpoints taken and restarts, as dmtcp_get_local_status gives them. */
public record LocalStatus(int checkpoints, int restarts) {

    /** Whether a checkpoint or a restart happened since {@code earlier}. */
    public boolean after(LocalStatus earlier) {
        return !equals(earlier);
    }

    /** Which event separates {@code earlier} from this status; a restart wins. */
    public Snapshot since(LocalStatus earlier) {
        return restarts != earlier.restarts ? Snapshot.RESTARTED : Snapshot.RESUMED;
    }
}
