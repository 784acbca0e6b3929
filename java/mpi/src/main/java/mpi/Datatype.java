package mpi;

/** A predefined MPI datatype of Java's primitive types; derived datatypes are not offered. */
public final class Datatype implements Freeable {
    final long handle;
    /** Bytes per element: the Java type's size. */
    final int baseSize;
    private final String name;

    Datatype(long handle, int baseSize, String name) {
        this.handle = handle;
        this.baseSize = baseSize;
        this.name = name;
    }

    public int getSize() throws MPIException {
        return baseSize;
    }

    public int getExtent() throws MPIException {
        return baseSize;
    }

    public int getLb() throws MPIException {
        return 0;
    }

    /** Predefined datatypes are committed already. */
    public void commit() throws MPIException {
    }

    @Override
    public void free() throws MPIException {
        throw Unsupported.call("Datatype.free (of a predefined datatype)");
    }

    public boolean isNull() {
        return handle == Constants.handle(Constants.DATATYPE_NULL);
    }

    public static Datatype createContiguous(int count, Datatype oldType) throws MPIException {
        throw Unsupported.call("Datatype.createContiguous");
    }

    public static Datatype createVector(int count, int blockLength, int stride, Datatype oldType) throws MPIException {
        throw Unsupported.call("Datatype.createVector");
    }

    public static Datatype createIndexed(int[] blockLengths, int[] displacements, Datatype oldType) throws MPIException {
        throw Unsupported.call("Datatype.createIndexed");
    }

    public static Datatype createStruct(int[] blockLengths, int[] displacements, Datatype[] types) throws MPIException {
        throw Unsupported.call("Datatype.createStruct");
    }

    @Override
    public String toString() {
        return "MPI." + name;
    }
}
