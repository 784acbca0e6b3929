package mpi;

/** A non-blocking call in flight. It holds the call's memory until it completes (see {@link Transfer}). */
public class Request implements Freeable {
    static {
        NativeLibrary.load();
    }

    private long handle;
    private Transfer transfer;

    Request(long handle, Transfer transfer) {
        this.handle = handle;
        this.transfer = transfer;
    }

    public final void waitFor() throws MPIException {
        waitStatus();
    }

    public final Status waitStatus() throws MPIException {
        int[] status = Status.room(1);
        Errors.check(waitOne(handle, status));
        return completed(Status.at(status, 0, -1));
    }

    /** Whether the request is complete (and then it is done with, as after waitFor). */
    public final boolean test() throws MPIException {
        return testStatus() != null;
    }

    /** The status if the request is complete, else null. */
    public final Status testStatus() throws MPIException {
        int[] flagAndStatus = new int[1 + Constants.STATUS_LENGTH];
        Errors.check(testOne(handle, flagAndStatus));
        if (flagAndStatus[0] == 0) {
            return null;
        }
        return completed(Status.at(flagAndStatus, 1, -1));
    }

    public final void cancel() throws MPIException {
        Errors.check(cancel(handle));
    }

    /** Frees the request; a receive into a heap array then never reaches the array. */
    @Override
    public void free() throws MPIException {
        Errors.check(free(handle));
        handle = Constants.handle(Constants.REQUEST_NULL);
        transfer = null;
    }

    public final boolean isNull() {
        return handle == Constants.handle(Constants.REQUEST_NULL);
    }

    public static void waitAll(Request[] requests) throws MPIException {
        waitAllStatus(requests);
    }

    public static Status[] waitAllStatus(Request[] requests) throws MPIException {
        int[] statuses = Status.room(requests.length);
        long[] handles = handles(requests);
        Errors.check(waitAll(handles, statuses));
        Status[] result = new Status[requests.length];
        for (int i = 0; i < requests.length; i++) {
            result[i] = requests[i].completed(Status.at(statuses, i * Constants.STATUS_LENGTH, -1));
        }
        return result;
    }

    /** The index of a request that completed; MPI.UNDEFINED when none was active. */
    public static int waitAny(Request[] requests) throws MPIException {
        return waitAnyStatus(requests).getIndex();
    }

    public static Status waitAnyStatus(Request[] requests) throws MPIException {
        int[] indexAndStatus = new int[1 + Constants.STATUS_LENGTH];
        Errors.check(waitAny(handles(requests), indexAndStatus));
        int index = indexAndStatus[0];
        Status status = Status.at(indexAndStatus, 1, index);
        return index == MPI.UNDEFINED ? status : requests[index].completed(status);
    }

    /** Whether all requests are complete (and then all are done with). */
    public static boolean testAll(Request[] requests) throws MPIException {
        int[] flagAndStatuses = new int[1 + requests.length * Constants.STATUS_LENGTH];
        Errors.check(testAll(handles(requests), flagAndStatuses));
        if (flagAndStatuses[0] == 0) {
            return false;
        }
        for (int i = 0; i < requests.length; i++) {
            requests[i].completed(Status.at(flagAndStatuses, 1 + i * Constants.STATUS_LENGTH, -1));
        }
        return true;
    }

    private static long[] handles(Request[] requests) {
        long[] handles = new long[requests.length];
        for (int i = 0; i < requests.length; i++) {
            handles[i] = requests[i].handle;
        }
        return handles;
    }

    /** MPI has released the request: its memory may go, a heap receiver gets what arrived (nothing if cancelled). */
    private Status completed(Status status) {
        handle = Constants.handle(Constants.REQUEST_NULL);
        if (transfer != null) {
            transfer.complete(status.cancelled() ? 0 : status.bytes());
            transfer = null;
        }
        return status;
    }

    private static native int waitOne(long request, int[] status);

    /** Stores the flag, then the status. */
    private static native int testOne(long request, int[] flagAndStatus);

    private static native int waitAll(long[] requests, int[] statuses);

    /** Stores the index, then the status. */
    private static native int waitAny(long[] requests, int[] indexAndStatus);

    /** Stores the flag, then the statuses. */
    private static native int testAll(long[] requests, int[] flagAndStatuses);

    private static native int cancel(long request);

    private static native int free(long request);
}
