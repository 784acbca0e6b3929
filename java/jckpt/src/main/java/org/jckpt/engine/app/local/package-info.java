/**
 * Where a checkpoint is copied: the pause writes each task's copy to the node-local level,
 * mapped on a tmpfs and overwriting a spare, so that the program waits for a memory copy only;
 * and the copies stay here until the flush is done with them.
 */
package org.jckpt.engine.app.local;
