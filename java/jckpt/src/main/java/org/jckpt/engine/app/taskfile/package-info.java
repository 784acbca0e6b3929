/**
 * How a checkpoint is encoded: the task file format (its writer and seal, the index with block
 * checksums, checked positional reads, the whole-file read of format 2, compression on the way
 * out in {@code codec}) and what a set file records of each task file. Used by the pause, the
 * flush and the restart alike, it knows none of them.
 */
package org.jckpt.engine.app.taskfile;
