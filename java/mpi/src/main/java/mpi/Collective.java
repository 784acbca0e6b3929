package mpi;

/** The JNI entry points of collective calls (native/mpi/collective.c); Comm checks their arguments and codes. */
final class Collective {
    static {
        NativeLibrary.load();
    }

    private Collective() {
    }

    static native int barrier(long comm);

    static native int bcast(long comm, Object base, long offset, int count, long type, int root);

    static native int reduce(long comm, Object sendBase, long sendOffset, Object recvBase, long recvOffset, int count, long type,
            long op, int root);

    static native int allReduce(long comm, Object sendBase, long sendOffset, Object recvBase, long recvOffset, int count, long type,
            long op);

    static native int reduceScatter(long comm, Object sendBase, long sendOffset, Object recvBase, long recvOffset, int[] recvCounts,
            long type, long op);

    static native int gather(long comm, Object sendBase, long sendOffset, int sendCount, long sendType,
            Object recvBase, long recvOffset, int recvCount, long recvType, int root);

    static native int scatter(long comm, Object sendBase, long sendOffset, int sendCount, long sendType,
            Object recvBase, long recvOffset, int recvCount, long recvType, int root);

    static native int allGather(long comm, Object sendBase, long sendOffset, int sendCount, long sendType,
            Object recvBase, long recvOffset, int recvCount, long recvType);

    static native int allToAll(long comm, Object sendBase, long sendOffset, int sendCount, long sendType,
            Object recvBase, long recvOffset, int recvCount, long recvType);

    static native int gatherv(long comm, Object sendBase, long sendOffset, int sendCount, long sendType,
            Object recvBase, long recvOffset, int[] recvCounts, int[] displacements, long recvType, int root);

    static native int scatterv(long comm, Object sendBase, long sendOffset, int[] sendCounts, int[] displacements, long sendType,
            Object recvBase, long recvOffset, int recvCount, long recvType, int root);

    static native int allGatherv(long comm, Object sendBase, long sendOffset, int sendCount, long sendType,
            Object recvBase, long recvOffset, int[] recvCounts, int[] displacements, long recvType);

    static native int allToAllv(long comm, Object sendBase, long sendOffset, int[] sendCounts, int[] sendDisplacements, long sendType,
            Object recvBase, long recvOffset, int[] recvCounts, int[] recvDisplacements, long recvType);
}
