package mpi;

import java.nio.Buffer;

/** The JNI entry points of point-to-point calls (native/mpi/p2p.c); Comm checks their arguments and codes. */
final class PointToPoint {
    static {
        NativeLibrary.load();
    }

    private PointToPoint() {
    }

    static native int send(long comm, Object base, long offset, int count, long type, int dest, int tag);

    static native int sSend(long comm, Object base, long offset, int count, long type, int dest, int tag);

    static native int recv(long comm, Object base, long offset, int count, long type, int source, int tag, int[] status);

    static native int sendRecv(long comm, Object sendBase, long sendOffset, int sendCount, long sendType, int dest, int sendTag,
            Object recvBase, long recvOffset, int recvCount, long recvType, int source, int recvTag, int[] status);

    static native int sendRecvReplace(long comm, Object base, long offset, int count, long type, int dest, int sendTag,
            int source, int recvTag, int[] status);

    /** buf is direct (see Transfer). */
    static native int iSend(long comm, Buffer buf, int count, long type, int dest, int tag, long[] request);

    static native int iRecv(long comm, Buffer buf, int count, long type, int source, int tag, long[] request);

    static native int probe(long comm, int source, int tag, int[] status);

    /** Stores the flag, then the status. */
    static native int iProbe(long comm, int source, int tag, int[] flagAndStatus);
}
