package mpi;

import java.nio.Buffer;

/**
 * A communicator: its point-to-point and collective calls. Blocking calls read and write heap arrays in
 * place (see native/mpi/buffer.c); non-blocking calls take buffers (see {@link Transfer}).
 */
public class Comm implements Freeable {
    /**
     * The Java API's value, not MPI's: a compile-time constant (0, as in Open MPI's binding), so it is inlined
     * into programs compiled against either jar; C turns it into the MPI's MPI_COMM_TYPE_SHARED (1 in MPICH).
     */
    public static final int TYPE_SHARED = 0;

    static {
        NativeLibrary.load();
    }

    long handle;

    Comm(long handle) {
        this.handle = handle;
    }

    public final int getRank() throws MPIException {
        MPI.check();
        int[] rank = new int[1];
        Errors.check(rank(handle, rank));
        return rank[0];
    }

    public final int getSize() throws MPIException {
        MPI.check();
        int[] size = new int[1];
        Errors.check(size(handle, size));
        return size[0];
    }

    public Comm dup() throws MPIException {
        return new Comm(dupHandle());
    }

    /** Frees the communicator; it is then null. */
    @Override
    public final void free() throws MPIException {
        MPI.check();
        Errors.check(free(handle));
        handle = Constants.handle(Constants.COMM_NULL);
    }

    public final boolean isNull() {
        return handle == Constants.handle(Constants.COMM_NULL);
    }

    public final void abort(int errorCode) throws MPIException {
        Errors.check(abort(handle, errorCode));
    }

    /** MPI.ERRORS_RETURN (the default here): errors are MPIExceptions; MPI.ERRORS_ARE_FATAL: they end the job. */
    public final void setErrhandler(Errhandler handler) throws MPIException {
        MPI.check();
        Errors.check(setErrhandler(handle, handler.handle));
    }

    public final void send(Object buf, int count, Datatype type, int dest, int tag) throws MPIException {
        MPI.check();
        Region r = Region.of(buf).require(count, type);
        Errors.check(PointToPoint.send(handle, r.base, r.offset, count, type.handle, dest, tag));
    }

    /** A synchronous send: it returns once the receiver has started receiving. */
    public final void sSend(Object buf, int count, Datatype type, int dest, int tag) throws MPIException {
        MPI.check();
        Region r = Region.of(buf).require(count, type);
        Errors.check(PointToPoint.sSend(handle, r.base, r.offset, count, type.handle, dest, tag));
    }

    public final Status recv(Object buf, int count, Datatype type, int source, int tag) throws MPIException {
        MPI.check();
        Region r = Region.of(buf).require(count, type);
        int[] status = Status.room(1);
        Errors.check(PointToPoint.recv(handle, r.base, r.offset, count, type.handle, source, tag, status));
        return Status.at(status, 0, -1);
    }

    public final Status sendRecv(Object sendBuf, int sendCount, Datatype sendType, int dest, int sendTag,
            Object recvBuf, int recvCount, Datatype recvType, int source, int recvTag) throws MPIException {
        MPI.check();
        Region s = Region.of(sendBuf).require(sendCount, sendType);
        Region r = Region.of(recvBuf).require(recvCount, recvType);
        int[] status = Status.room(1);
        Errors.check(PointToPoint.sendRecv(handle, s.base, s.offset, sendCount, sendType.handle, dest, sendTag,
                r.base, r.offset, recvCount, recvType.handle, source, recvTag, status));
        return Status.at(status, 0, -1);
    }

    public final Status sendRecvReplace(Object buf, int count, Datatype type, int dest, int sendTag, int source, int recvTag)
            throws MPIException {
        MPI.check();
        Region r = Region.of(buf).require(count, type);
        int[] status = Status.room(1);
        Errors.check(PointToPoint.sendRecvReplace(handle, r.base, r.offset, count, type.handle, dest, sendTag, source, recvTag, status));
        return Status.at(status, 0, -1);
    }

    /** Open MPI's binding takes direct buffers only; this one takes heap buffers too (copied, see Transfer). */
    public final Request iSend(Buffer buf, int count, Datatype type, int dest, int tag) throws MPIException {
        MPI.check();
        Transfer t = Transfer.send(buf, count, type);
        long[] request = new long[1];
        Errors.check(PointToPoint.iSend(handle, t.buffer(), count, type.handle, dest, tag, request));
        return new Request(request[0], t);
    }

    public final Request iRecv(Buffer buf, int count, Datatype type, int source, int tag) throws MPIException {
        MPI.check();
        Transfer t = Transfer.receive(buf, count, type);
        long[] request = new long[1];
        Errors.check(PointToPoint.iRecv(handle, t.buffer(), count, type.handle, source, tag, request));
        return new Request(request[0], t);
    }

    public final Status probe(int source, int tag) throws MPIException {
        MPI.check();
        int[] status = Status.room(1);
        Errors.check(PointToPoint.probe(handle, source, tag, status));
        return Status.at(status, 0, -1);
    }

    /** The status of a message that could be received now, else null. */
    public final Status iProbe(int source, int tag) throws MPIException {
        MPI.check();
        int[] flagAndStatus = new int[1 + Constants.STATUS_LENGTH];
        Errors.check(PointToPoint.iProbe(handle, source, tag, flagAndStatus));
        return flagAndStatus[0] == 0 ? null : Status.at(flagAndStatus, 1, -1);
    }

    public final void barrier() throws MPIException {
        MPI.check();
        Errors.check(Collective.barrier(handle));
    }

    public final void bcast(Object buf, int count, Datatype type, int root) throws MPIException {
        MPI.check();
        Region r = Region.of(buf).require(count, type);
        Errors.check(Collective.bcast(handle, r.base, r.offset, count, type.handle, root));
    }

    public final void reduce(Object sendBuf, Object recvBuf, int count, Datatype type, Op op, int root) throws MPIException {
        MPI.check();
        Region s = Region.of(sendBuf).require(count, type);
        reduce(s, atRoot(root) ? Region.of(recvBuf).require(count, type) : Region.of(recvBuf), count, type, op, root);
    }

    /** In place: at the root buf is sent and receives the result, elsewhere it is sent. */
    public final void reduce(Object buf, int count, Datatype type, Op op, int root) throws MPIException {
        MPI.check();
        Region r = Region.of(buf).require(count, type);
        if (atRoot(root)) {
            reduce(Region.IN_PLACE, r, count, type, op, root);
        } else {
            reduce(r, Region.NONE, count, type, op, root);
        }
    }

    private void reduce(Region s, Region r, int count, Datatype type, Op op, int root) throws MPIException {
        Errors.check(Collective.reduce(handle, s.base, s.offset, r.base, r.offset, count, type.handle, op.handle, root));
    }

    public final void allReduce(Object sendBuf, Object recvBuf, int count, Datatype type, Op op) throws MPIException {
        MPI.check();
        allReduce(Region.of(sendBuf).require(count, type), recvBuf, count, type, op);
    }

    /** In place: buf is sent and receives the result. */
    public final void allReduce(Object buf, int count, Datatype type, Op op) throws MPIException {
        MPI.check();
        allReduce(Region.IN_PLACE, buf, count, type, op);
    }

    private void allReduce(Region send, Object recvBuf, int count, Datatype type, Op op) throws MPIException {
        Region r = Region.of(recvBuf).require(count, type);
        Errors.check(Collective.allReduce(handle, send.base, send.offset, r.base, r.offset, count, type.handle, op.handle));
    }

    public final void reduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Datatype type, Op op) throws MPIException {
        MPI.check();
        Region s = Region.of(sendBuf).require(sum(recvCounts), type);
        reduceScatter(s, recvBuf, recvCounts, type, op);
    }

    /** In place: buf holds every task's part, and receives this task's part of the result at its start. */
    public final void reduceScatter(Object buf, int[] recvCounts, Datatype type, Op op) throws MPIException {
        MPI.check();
        Region.of(buf).require(sum(recvCounts), type);
        reduceScatter(Region.IN_PLACE, buf, recvCounts, type, op);
    }

    private void reduceScatter(Region send, Object recvBuf, int[] recvCounts, Datatype type, Op op) throws MPIException {
        requireOnePerTask(recvCounts, "recvCounts");
        Region r = Region.of(recvBuf).require(recvCounts[getRank()], type);
        Errors.check(Collective.reduceScatter(handle, send.base, send.offset, r.base, r.offset, recvCounts, type.handle, op.handle));
    }

    public final void gather(Object sendBuf, int sendCount, Datatype sendType, Object recvBuf, int recvCount, Datatype recvType, int root)
            throws MPIException {
        MPI.check();
        gather(Region.of(sendBuf).require(sendCount, sendType), sendCount, sendType, recvBuf, recvCount, recvType, root);
    }

    /** In place: at the root buf receives every task's count elements (its own in place), elsewhere it is sent. */
    public final void gather(Object buf, int count, Datatype type, int root) throws MPIException {
        MPI.check();
        if (atRoot(root)) {
            gather(Region.IN_PLACE, 0, type, buf, count, type, root);
        } else {
            gather(Region.of(buf).require(count, type), count, type, null, 0, type, root);
        }
    }

    private void gather(Region s, int sendCount, Datatype sendType, Object recvBuf, int recvCount, Datatype recvType, int root)
            throws MPIException {
        Region r = atRoot(root) ? Region.of(recvBuf).require((long) recvCount * getSize(), recvType) : Region.of(recvBuf);
        Errors.check(Collective.gather(handle, s.base, s.offset, sendCount, sendType.handle, r.base, r.offset, recvCount,
                recvType.handle, root));
    }

    public final void gatherv(Object sendBuf, int sendCount, Datatype sendType, Object recvBuf, int[] recvCounts, int[] displacements,
            Datatype recvType, int root) throws MPIException {
        MPI.check();
        Region s = Region.of(sendBuf).require(sendCount, sendType);
        Region r = Region.NONE;
        if (atRoot(root)) {
            requireOnePerTask(recvCounts, "recvCounts");
            r = Region.of(recvBuf).require(recvCounts, displacements, recvType);
        }
        Errors.check(Collective.gatherv(handle, s.base, s.offset, sendCount, sendType.handle, r.base, r.offset, recvCounts,
                displacements, recvType.handle, root));
    }

    public final void scatter(Object sendBuf, int sendCount, Datatype sendType, Object recvBuf, int recvCount, Datatype recvType, int root)
            throws MPIException {
        MPI.check();
        Region s = atRoot(root) ? Region.of(sendBuf).require((long) sendCount * getSize(), sendType) : Region.of(sendBuf);
        Region r = Region.of(recvBuf).require(recvCount, recvType);
        Errors.check(Collective.scatter(handle, s.base, s.offset, sendCount, sendType.handle, r.base, r.offset, recvCount,
                recvType.handle, root));
    }

    public final void scatterv(Object sendBuf, int[] sendCounts, int[] displacements, Datatype sendType, Object recvBuf, int recvCount,
            Datatype recvType, int root) throws MPIException {
        MPI.check();
        Region s = Region.NONE;
        if (atRoot(root)) {
            requireOnePerTask(sendCounts, "sendCounts");
            s = Region.of(sendBuf).require(sendCounts, displacements, sendType);
        }
        Region r = Region.of(recvBuf).require(recvCount, recvType);
        Errors.check(Collective.scatterv(handle, s.base, s.offset, sendCounts, displacements, sendType.handle, r.base, r.offset,
                recvCount, recvType.handle, root));
    }

    public final void allGather(Object sendBuf, int sendCount, Datatype sendType, Object recvBuf, int recvCount, Datatype recvType)
            throws MPIException {
        MPI.check();
        allGather(Region.of(sendBuf).require(sendCount, sendType), sendCount, sendType, recvBuf, recvCount, recvType);
    }

    /** In place: buf holds this task's count elements at its place and receives everyone's. */
    public final void allGather(Object buf, int count, Datatype type) throws MPIException {
        MPI.check();
        allGather(Region.IN_PLACE, 0, type, buf, count, type);
    }

    private void allGather(Region s, int sendCount, Datatype sendType, Object recvBuf, int recvCount, Datatype recvType)
            throws MPIException {
        Region r = Region.of(recvBuf).require((long) recvCount * getSize(), recvType);
        Errors.check(Collective.allGather(handle, s.base, s.offset, sendCount, sendType.handle, r.base, r.offset, recvCount,
                recvType.handle));
    }

    public final void allGatherv(Object sendBuf, int sendCount, Datatype sendType, Object recvBuf, int[] recvCounts, int[] displacements,
            Datatype recvType) throws MPIException {
        MPI.check();
        Region s = Region.of(sendBuf).require(sendCount, sendType);
        requireOnePerTask(recvCounts, "recvCounts");
        Region r = Region.of(recvBuf).require(recvCounts, displacements, recvType);
        Errors.check(Collective.allGatherv(handle, s.base, s.offset, sendCount, sendType.handle, r.base, r.offset, recvCounts,
                displacements, recvType.handle));
    }

    public final void allToAll(Object sendBuf, int sendCount, Datatype sendType, Object recvBuf, int recvCount, Datatype recvType)
            throws MPIException {
        MPI.check();
        int size = getSize();
        Region s = Region.of(sendBuf).require((long) sendCount * size, sendType);
        Region r = Region.of(recvBuf).require((long) recvCount * size, recvType);
        Errors.check(Collective.allToAll(handle, s.base, s.offset, sendCount, sendType.handle, r.base, r.offset, recvCount,
                recvType.handle));
    }

    public final void allToAllv(Object sendBuf, int[] sendCounts, int[] sendDisplacements, Datatype sendType,
            Object recvBuf, int[] recvCounts, int[] recvDisplacements, Datatype recvType) throws MPIException {
        MPI.check();
        requireOnePerTask(sendCounts, "sendCounts");
        requireOnePerTask(recvCounts, "recvCounts");
        Region s = Region.of(sendBuf).require(sendCounts, sendDisplacements, sendType);
        Region r = Region.of(recvBuf).require(recvCounts, recvDisplacements, recvType);
        Errors.check(Collective.allToAllv(handle, s.base, s.offset, sendCounts, sendDisplacements, sendType.handle,
                r.base, r.offset, recvCounts, recvDisplacements, recvType.handle));
    }

    public final Request iBcast(Buffer buf, int count, Datatype type, int root) throws MPIException {
        throw Unsupported.call("Comm.iBcast");
    }

    public final Request iAllReduce(Buffer sendBuf, Buffer recvBuf, int count, Datatype type, Op op) throws MPIException {
        throw Unsupported.call("Comm.iAllReduce");
    }

    public final Request iBarrier() throws MPIException {
        throw Unsupported.call("Comm.iBarrier");
    }

    public final void bSend(Object buf, int count, Datatype type, int dest, int tag) throws MPIException {
        throw Unsupported.call("Comm.bSend");
    }

    public final void rSend(Object buf, int count, Datatype type, int dest, int tag) throws MPIException {
        throw Unsupported.call("Comm.rSend");
    }

    public final Request isSend(Buffer buf, int count, Datatype type, int dest, int tag) throws MPIException {
        throw Unsupported.call("Comm.isSend");
    }

    /** A new communicator's handle: a duplicate of this one. */
    final long dupHandle() throws MPIException {
        MPI.check();
        long[] comm = new long[1];
        Errors.check(dup(handle, comm));
        return comm[0];
    }

    private boolean atRoot(int root) throws MPIException {
        return getRank() == root;
    }

    /** A counts array must name every task: MPI reads one count per task. */
    private void requireOnePerTask(int[] counts, String name) throws MPIException {
        int size = getSize();
        if (counts.length < size) {
            throw new IllegalArgumentException(name + " has " + counts.length + " entries for " + size + " tasks");
        }
    }

    private static long sum(int[] counts) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        return total;
    }

    private static native int rank(long comm, int[] rank);

    private static native int size(long comm, int[] size);

    private static native int dup(long comm, long[] newComm);

    private static native int free(long comm);

    private static native int abort(long comm, int errorCode);

    private static native int setErrhandler(long comm, long errhandler);
}
