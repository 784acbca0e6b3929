package org.jckpt.store;

/**
 * How a set on the node-local level survives the loss of a node ({@code --redundancy}), after
 * LLNL SCR's schemes: {@code partner} keeps a full copy of each node's copies on the next node of a
 * ring; {@code xor:K} keeps, over each group of K nodes, the parity that rebuilds any one of them.
 *
 * @param scheme    none, partner or xor
 * @param groupSize nodes per XOR group (K, at least 3); 0 for the other schemes
 */
public record Redundancy(Scheme scheme, int groupSize) {
    public static final Redundancy NONE = new Redundancy(Scheme.NONE, 0);
    public static final Redundancy PARTNER = new Redundancy(Scheme.PARTNER, 0);
    /** SCR's default XOR set size. */
    public static final int XOR_DEFAULT = 4;

    /** The protection schemes, by their {@code --redundancy} names. */
    public enum Scheme {
        NONE, PARTNER, XOR
    }

    public Redundancy {
        if (scheme == Scheme.XOR && groupSize < 3) {
            throw new IllegalArgumentException("--redundancy xor:K needs K of 3 or more, not " + groupSize);
        }
    }

    /** {@code none}, {@code partner}, {@code xor} or {@code xor:K}; the error names the bad value. */
    public static Redundancy parse(String text) {
        String t = text.trim();
        if (t.equals("none")) {
            return NONE;
        }
        if (t.equals("partner")) {
            return PARTNER;
        }
        if (t.equals("xor")) {
            return new Redundancy(Scheme.XOR, XOR_DEFAULT);
        }
        if (t.matches("xor:\\d{1,4}")) {
            return new Redundancy(Scheme.XOR, Integer.parseInt(t.substring(4)));
        }
        throw new IllegalArgumentException("--redundancy must be none, partner or xor[:K], not '" + text + "'");
    }

    /** How {@code set} is protected: what its set file records; none for a global set, or one written without. */
    public static Redundancy of(CheckpointSet set) {
        return parse(set.engineInfo().getOrDefault("redundancy", "none"));
    }

    /** The name {@link #parse} reads back. */
    public String text() {
        return switch (scheme) {
            case NONE -> "none";
            case PARTNER -> "partner";
            case XOR -> "xor:" + groupSize;
        };
    }

    public boolean none() {
        return scheme == Scheme.NONE;
    }

    /**
     * The scheme a job on {@code nodes} nodes gets: XOR needs a group of K nodes and falls back to
     * partner, which needs two nodes; with one node there is nothing to protect against.
     */
    public Redundancy forNodes(int nodes) {
        if (scheme == Scheme.XOR && nodes < groupSize) {
            return PARTNER.forNodes(nodes);
        }
        return scheme != Scheme.NONE && nodes < 2 ? NONE : this;
    }

    /**
     * Bytes a node holds for its own {@code bytes} of copies once they are protected: the partner's
     * full copy, or an XOR group's parity share of 1/(K-1).
     */
    public long withProtection(long bytes) {
        return switch (scheme) {
            case NONE -> bytes;
            case PARTNER -> 2 * bytes;
            case XOR -> bytes + (bytes + groupSize - 2) / (groupSize - 1);
        };
    }
}
