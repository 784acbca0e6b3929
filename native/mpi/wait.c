/*
 * Waits that give up the core. MPICH's ch4 tasks poll without end while they wait (it has nothing like
 * Open MPI's mpi_yield_when_idle), so where a host runs more tasks than it has cores, a waiting task
 * holds a core that the task it waits for needs: an 8-byte allreduce of 4 tasks on 2 cores took 5 ms
 * instead of tens of microseconds, and a test suite's jobs hours. There every blocking call of this
 * binding starts its nonblocking twin and tests it, yielding the core between tests (what Open MPI does
 * itself when told). Decided once, after MPI's initialisation, on MPIs other than Open MPI;
 * JCKPT_MPI_YIELD=1 or 0 forces it on any.
 */
#include "jckpt_mpi.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int waits_yield = 0;

void waits_decide(void)
{
    const char *forced = getenv("JCKPT_MPI_YIELD");
    if (forced != NULL && forced[0] != '\0') {
        waits_yield = strcmp(forced, "1") == 0;
        return;
    }
#ifdef OPEN_MPI
    /* Open MPI yields by itself where told (mpi_yield_when_idle, which jckpt's launcher sets on a host
     * with more tasks than cores), and its blocking collectives beat their nonblocking twins tested
     * here: an 8-byte allreduce of 4 tasks on 2 cores took 14 us, against 53. */
    waits_yield = 0;
#else
    MPI_Comm host;
    int tasks = 1;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &host) == MPI_SUCCESS) {
        MPI_Comm_size(host, &tasks);
        MPI_Comm_free(&host);
    }
    /* The host's cores, not this task's affinity: a task bound to one core is not oversubscribed. */
    waits_yield = tasks > sysconf(_SC_NPROCESSORS_ONLN);
#endif
}

int waited(int rc, MPI_Request *request, MPI_Status *status)
{
    int done = 0;
    while (rc == MPI_SUCCESS && !done) {
        rc = MPI_Test(request, &done, status);
        if (rc == MPI_SUCCESS && !done) {
            sched_yield();
        }
    }
    return rc;
}

int waited_all(int rc, int count, MPI_Request *requests, MPI_Status *statuses)
{
    int done = 0;
    while (rc == MPI_SUCCESS && !done) {
        rc = MPI_Testall(count, requests, &done, statuses);
        if (rc == MPI_SUCCESS && !done) {
            sched_yield();
        }
    }
    return rc;
}

int waited_any(int count, MPI_Request *requests, int *index, MPI_Status *status)
{
    if (!waits_yield) {
        return MPI_Waitany(count, requests, index, status);
    }
    int done = 0;
    int rc;
    while ((rc = MPI_Testany(count, requests, index, &done, status)) == MPI_SUCCESS && !done) {
        sched_yield();
    }
    return rc;
}

int probed(int source, int tag, MPI_Comm comm, MPI_Status *status)
{
    if (!waits_yield) {
        return MPI_Probe(source, tag, comm, status);
    }
    int found = 0;
    int rc;
    while ((rc = MPI_Iprobe(source, tag, comm, &found, status)) == MPI_SUCCESS && !found) {
        sched_yield();
    }
    return rc;
}

int probed_message(int source, int tag, MPI_Comm comm, MPI_Message *message, MPI_Status *status)
{
    if (!waits_yield) {
        return MPI_Mprobe(source, tag, comm, message, status);
    }
    int found = 0;
    int rc;
    while ((rc = MPI_Improbe(source, tag, comm, &found, message, status)) == MPI_SUCCESS && !found) {
        sched_yield();
    }
    return rc;
}
