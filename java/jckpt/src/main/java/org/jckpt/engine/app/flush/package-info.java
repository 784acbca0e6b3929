/**
 * Where a checkpoint is moved: the background flush takes each task's local copy to the global
 * directory, task 0 plans it (commit on the local level, coalescing, commit of the set), and the
 * tasks talk to it through the coordinator's relay, never through the program's MPI.
 */
package org.jckpt.engine.app.flush;
