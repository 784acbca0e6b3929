package mpi;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;

/** MPI's environment and constants, as Open MPI's Java API names them. */
public final class MPI {
    public static final int ANY_SOURCE = Constants.value(Constants.ANY_SOURCE);
    public static final int ANY_TAG = Constants.value(Constants.ANY_TAG);
    public static final int PROC_NULL = Constants.value(Constants.PROC_NULL);
    public static final int UNDEFINED = Constants.value(Constants.UNDEFINED);
    public static final int THREAD_SINGLE = Constants.value(Constants.THREAD_SINGLE);
    public static final int THREAD_FUNNELED = Constants.value(Constants.THREAD_FUNNELED);
    public static final int THREAD_SERIALIZED = Constants.value(Constants.THREAD_SERIALIZED);
    public static final int THREAD_MULTIPLE = Constants.value(Constants.THREAD_MULTIPLE);
    public static final int CART = Constants.value(Constants.CART);
    public static final int GRAPH = Constants.value(Constants.GRAPH);
    public static final int DIST_GRAPH = Constants.value(Constants.DIST_GRAPH);
    public static final int IDENT = Constants.value(Constants.IDENT);
    public static final int CONGRUENT = Constants.value(Constants.CONGRUENT);
    public static final int SIMILAR = Constants.value(Constants.SIMILAR);
    public static final int UNEQUAL = Constants.value(Constants.UNEQUAL);

    public static final int SUCCESS = 0;
    public static final int ERR_BUFFER = Constants.value(Constants.ERR_BUFFER);
    public static final int ERR_COUNT = Constants.value(Constants.ERR_COUNT);
    public static final int ERR_TYPE = Constants.value(Constants.ERR_TYPE);
    public static final int ERR_TAG = Constants.value(Constants.ERR_TAG);
    public static final int ERR_COMM = Constants.value(Constants.ERR_COMM);
    public static final int ERR_RANK = Constants.value(Constants.ERR_RANK);
    public static final int ERR_REQUEST = Constants.value(Constants.ERR_REQUEST);
    public static final int ERR_ROOT = Constants.value(Constants.ERR_ROOT);
    public static final int ERR_GROUP = Constants.value(Constants.ERR_GROUP);
    public static final int ERR_OP = Constants.value(Constants.ERR_OP);
    public static final int ERR_TOPOLOGY = Constants.value(Constants.ERR_TOPOLOGY);
    public static final int ERR_DIMS = Constants.value(Constants.ERR_DIMS);
    public static final int ERR_ARG = Constants.value(Constants.ERR_ARG);
    public static final int ERR_UNKNOWN = Constants.value(Constants.ERR_UNKNOWN);
    public static final int ERR_TRUNCATE = Constants.value(Constants.ERR_TRUNCATE);
    public static final int ERR_OTHER = Constants.value(Constants.ERR_OTHER);
    public static final int ERR_INTERN = Constants.value(Constants.ERR_INTERN);
    public static final int ERR_IN_STATUS = Constants.value(Constants.ERR_IN_STATUS);
    public static final int ERR_PENDING = Constants.value(Constants.ERR_PENDING);
    public static final int ERR_NO_MEM = Constants.value(Constants.ERR_NO_MEM);
    public static final int ERR_LASTCODE = Constants.value(Constants.ERR_LASTCODE);

    public static final Datatype DATATYPE_NULL = datatype(Constants.DATATYPE_NULL, 0, "DATATYPE_NULL");
    public static final Datatype BYTE = datatype(Constants.BYTE, 1, "BYTE");
    public static final Datatype CHAR = datatype(Constants.CHAR, 2, "CHAR");
    public static final Datatype SHORT = datatype(Constants.SHORT, 2, "SHORT");
    public static final Datatype BOOLEAN = datatype(Constants.BOOLEAN, 1, "BOOLEAN");
    public static final Datatype INT = datatype(Constants.INT, 4, "INT");
    public static final Datatype LONG = datatype(Constants.LONG, 8, "LONG");
    public static final Datatype FLOAT = datatype(Constants.FLOAT, 4, "FLOAT");
    public static final Datatype DOUBLE = datatype(Constants.DOUBLE, 8, "DOUBLE");

    public static final Op MAX = op(Constants.MAX);
    public static final Op MIN = op(Constants.MIN);
    public static final Op SUM = op(Constants.SUM);
    public static final Op PROD = op(Constants.PROD);
    public static final Op LAND = op(Constants.LAND);
    public static final Op BAND = op(Constants.BAND);
    public static final Op LOR = op(Constants.LOR);
    public static final Op BOR = op(Constants.BOR);
    public static final Op LXOR = op(Constants.LXOR);
    public static final Op BXOR = op(Constants.BXOR);

    public static final Intracomm COMM_WORLD = new Intracomm(Constants.handle(Constants.COMM_WORLD));
    public static final Intracomm COMM_SELF = new Intracomm(Constants.handle(Constants.COMM_SELF));
    public static final Info INFO_NULL = new Info(Constants.handle(Constants.INFO_NULL));
    public static final Errhandler ERRORS_RETURN = new Errhandler(Constants.handle(Constants.ERRORS_RETURN));
    public static final Errhandler ERRORS_ARE_FATAL = new Errhandler(Constants.handle(Constants.ERRORS_ARE_FATAL));
    public static final Request REQUEST_NULL = new Request(Constants.handle(Constants.REQUEST_NULL), null);

    /** Between Init and Finalize: calls outside it are MPIExceptions here, not an MPI abort. */
    private static volatile boolean running;

    private MPI() {
    }

    public static String[] Init(String[] args) throws MPIException {
        Errors.check(init());
        started();
        return args;
    }

    /** Initialises MPI asking for thread level {@code required}; returns the level MPI provides. */
    public static int InitThread(String[] args, int required) throws MPIException {
        int[] provided = new int[1];
        Errors.check(initThread(required, provided));
        started();
        return provided[0];
    }

    public static void Finalize() throws MPIException {
        check();
        running = false;
        Errors.check(finish());
    }

    public static boolean isInitialized() throws MPIException {
        int[] flag = new int[1];
        Errors.check(initialized(flag));
        return flag[0] != 0;
    }

    public static boolean isFinalized() throws MPIException {
        int[] flag = new int[1];
        Errors.check(finalized(flag));
        return flag[0] != 0;
    }

    public static int queryThread() throws MPIException {
        check();
        int[] level = new int[1];
        Errors.check(queryThread(level));
        return level[0];
    }

    public static String getProcessorName() throws MPIException {
        check();
        byte[] name = new byte[Constants.value(Constants.MAX_PROCESSOR_NAME)];
        int[] length = new int[1];
        Errors.check(processorName(name, length));
        return new String(name, 0, length[0], StandardCharsets.UTF_8);
    }

    public static double wtime() throws MPIException {
        check();
        return time();
    }

    public static double wtick() throws MPIException {
        check();
        return tick();
    }

    public static ByteBuffer newByteBuffer(int capacity) {
        return Buffers.newByteBuffer(capacity);
    }

    public static CharBuffer newCharBuffer(int capacity) {
        return Buffers.newCharBuffer(capacity);
    }

    public static ShortBuffer newShortBuffer(int capacity) {
        return Buffers.newShortBuffer(capacity);
    }

    public static IntBuffer newIntBuffer(int capacity) {
        return Buffers.newIntBuffer(capacity);
    }

    public static LongBuffer newLongBuffer(int capacity) {
        return Buffers.newLongBuffer(capacity);
    }

    public static FloatBuffer newFloatBuffer(int capacity) {
        return Buffers.newFloatBuffer(capacity);
    }

    public static DoubleBuffer newDoubleBuffer(int capacity) {
        return Buffers.newDoubleBuffer(capacity);
    }

    /** The elements of {@code array} from {@code offset} on, as a buffer a call takes in place of an array with an offset. */
    public static ByteBuffer slice(byte[] array, int offset) {
        return Buffers.slice(array, offset);
    }

    public static CharBuffer slice(char[] array, int offset) {
        return Buffers.slice(array, offset);
    }

    public static ShortBuffer slice(short[] array, int offset) {
        return Buffers.slice(array, offset);
    }

    public static IntBuffer slice(int[] array, int offset) {
        return Buffers.slice(array, offset);
    }

    public static LongBuffer slice(long[] array, int offset) {
        return Buffers.slice(array, offset);
    }

    public static FloatBuffer slice(float[] array, int offset) {
        return Buffers.slice(array, offset);
    }

    public static DoubleBuffer slice(double[] array, int offset) {
        return Buffers.slice(array, offset);
    }

    /** The elements of {@code buf} from {@code offset} on (as Open MPI's binding, this clears buf and moves its position). */
    public static ByteBuffer slice(ByteBuffer buf, int offset) {
        return Buffers.slice(buf, offset);
    }

    public static IntBuffer slice(IntBuffer buf, int offset) {
        return Buffers.slice(buf, offset);
    }

    public static LongBuffer slice(LongBuffer buf, int offset) {
        return Buffers.slice(buf, offset);
    }

    public static DoubleBuffer slice(DoubleBuffer buf, int offset) {
        return Buffers.slice(buf, offset);
    }

    /** Throws unless MPI is between Init and Finalize. */
    static void check() throws MPIException {
        if (!running) {
            throw new MPIException("MPI is not initialized (or already finalized)");
        }
    }

    /**
     * Errors on the predefined communicators return (and become MPIExceptions), where Open MPI's binding
     * leaves MPI's default, fatal; communicators made from them inherit it.
     */
    private static void started() throws MPIException {
        running = true;
        COMM_WORLD.setErrhandler(ERRORS_RETURN);
        COMM_SELF.setErrhandler(ERRORS_RETURN);
    }

    private static Datatype datatype(int index, int baseSize, String name) {
        return new Datatype(Constants.handle(index), baseSize, name);
    }

    private static Op op(int index) {
        return new Op(Constants.handle(index));
    }

    private static native int init();

    private static native int initThread(int required, int[] provided);

    private static native int finish();

    private static native int initialized(int[] flag);

    private static native int finalized(int[] flag);

    private static native int queryThread(int[] level);

    private static native int processorName(byte[] name, int[] length);

    private static native double time();

    private static native double tick();
}
