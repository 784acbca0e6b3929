/**
 * How a checkpoint is read back: a restarted task loads its state from a set (format 3 on) written
 * by any number of tasks, reading only the ranges its items need, every block checked before use.
 */
package org.jckpt.engine.app.load;
