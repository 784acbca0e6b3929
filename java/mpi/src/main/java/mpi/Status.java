package mpi;

/** A completed receive's envelope: source, tag, error, and how many bytes arrived (C stores them as {@link Constants}' layout says). */
public final class Status {
    private final int[] fields;
    private final int index;

    private Status(int[] fields, int index) {
        this.fields = fields;
        this.index = index;
    }

    /** Room for the fields of {@code count} statuses, for C to fill. */
    static int[] room(int count) {
        return new int[count * Constants.STATUS_LENGTH];
    }

    /** The status stored at {@code start} in {@code room}; {@code index} is what getIndex says (waitAny's answer, else -1). */
    static Status at(int[] room, int start, int index) {
        if (start == 0 && room.length == Constants.STATUS_LENGTH) {
            return new Status(room, index); // A room of one status: no copy.
        }
        int[] fields = new int[Constants.STATUS_LENGTH];
        System.arraycopy(room, start, fields, 0, fields.length);
        return new Status(fields, index);
    }

    /** Bytes received. */
    int bytes() {
        return fields[Constants.STATUS_BYTES];
    }

    boolean cancelled() {
        return fields[Constants.STATUS_CANCELLED] != 0;
    }

    public int getSource() {
        return fields[Constants.STATUS_SOURCE];
    }

    public int getTag() {
        return fields[Constants.STATUS_TAG];
    }

    public int getError() {
        return fields[Constants.STATUS_ERROR];
    }

    public int getIndex() {
        return index;
    }

    public boolean isCancelled() throws MPIException {
        return cancelled();
    }

    /** Elements of {@code type} received; MPI.UNDEFINED when the bytes are no whole number of them. */
    public int getCount(Datatype type) throws MPIException {
        int bytes = fields[Constants.STATUS_BYTES];
        return bytes % type.baseSize == 0 ? bytes / type.baseSize : MPI.UNDEFINED;
    }

    /** For the predefined datatypes, the same as getCount. */
    public int getElements(Datatype type) throws MPIException {
        return getCount(type);
    }
}
