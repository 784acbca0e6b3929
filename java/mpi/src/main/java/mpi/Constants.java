package mpi;

/**
 * MPI's constants and predefined handles, read from the MPI this binding was built against: their values
 * differ between MPIs (ANY_SOURCE is -1 in Open MPI, -2 in MPICH; MPI_Comm is a pointer in one, an int in
 * the other). The index constants below become C #defines through javac -h, so Java and C share one layout.
 */
final class Constants {
    // Indices into the int values.
    static final int ANY_SOURCE = 0;
    static final int ANY_TAG = 1;
    static final int PROC_NULL = 2;
    static final int UNDEFINED = 3;
    static final int THREAD_SINGLE = 4;
    static final int THREAD_FUNNELED = 5;
    static final int THREAD_SERIALIZED = 6;
    static final int THREAD_MULTIPLE = 7;
    static final int CART = 8;
    static final int GRAPH = 9;
    static final int DIST_GRAPH = 10;
    static final int IDENT = 11;
    static final int CONGRUENT = 12;
    static final int SIMILAR = 13;
    static final int UNEQUAL = 14;
    static final int ERR_BUFFER = 15;
    static final int ERR_COUNT = 16;
    static final int ERR_TYPE = 17;
    static final int ERR_TAG = 18;
    static final int ERR_COMM = 19;
    static final int ERR_RANK = 20;
    static final int ERR_REQUEST = 21;
    static final int ERR_ROOT = 22;
    static final int ERR_GROUP = 23;
    static final int ERR_OP = 24;
    static final int ERR_TOPOLOGY = 25;
    static final int ERR_DIMS = 26;
    static final int ERR_ARG = 27;
    static final int ERR_UNKNOWN = 28;
    static final int ERR_TRUNCATE = 29;
    static final int ERR_OTHER = 30;
    static final int ERR_INTERN = 31;
    static final int ERR_IN_STATUS = 32;
    static final int ERR_PENDING = 33;
    static final int ERR_NO_MEM = 34;
    static final int ERR_LASTCODE = 35;
    static final int MAX_PROCESSOR_NAME = 36;
    static final int VALUE_COUNT = 37;

    // Indices into the handles.
    static final int COMM_WORLD = 0;
    static final int COMM_SELF = 1;
    static final int COMM_NULL = 2;
    static final int REQUEST_NULL = 3;
    static final int INFO_NULL = 4;
    static final int DATATYPE_NULL = 5;
    static final int BYTE = 6;
    static final int CHAR = 7;
    static final int SHORT = 8;
    static final int BOOLEAN = 9;
    static final int INT = 10;
    static final int LONG = 11;
    static final int FLOAT = 12;
    static final int DOUBLE = 13;
    static final int OP_NULL = 14;
    static final int MAX = 15;
    static final int MIN = 16;
    static final int SUM = 17;
    static final int PROD = 18;
    static final int LAND = 19;
    static final int BAND = 20;
    static final int LOR = 21;
    static final int BOR = 22;
    static final int LXOR = 23;
    static final int BXOR = 24;
    static final int ERRORS_RETURN = 25;
    static final int ERRORS_ARE_FATAL = 26;
    static final int HANDLE_COUNT = 27;

    // The layout of a status as C stores it into an int[] (Status reads it).
    static final int STATUS_SOURCE = 0;
    static final int STATUS_TAG = 1;
    static final int STATUS_ERROR = 2;
    static final int STATUS_CANCELLED = 3;
    static final int STATUS_BYTES = 4;
    static final int STATUS_LENGTH = 5;

    /** The byte offset that, with no array or buffer, stands for MPI_IN_PLACE. */
    static final long IN_PLACE_OFFSET = -1L;
    /** The byte offset that says the buffer is a direct one (which starts at its address): C need not ask the JVM. */
    static final long DIRECT_BUFFER_OFFSET = -2L;

    private static final int[] VALUES = new int[VALUE_COUNT];
    private static final long[] HANDLES = new long[HANDLE_COUNT];

    static {
        NativeLibrary.load();
        values(VALUES);
        handles(HANDLES);
    }

    private Constants() {
    }

    static int value(int index) {
        return VALUES[index];
    }

    static long handle(int index) {
        return HANDLES[index];
    }

    private static native void values(int[] out);

    private static native void handles(long[] out);
}
