/**
 * Compression of byte chunks for task files on their way out: the codecs ({@link
 * org.jckpt.engine.app.taskfile.codec.Compression}, lz4 and zstd), the byte-shuffle of numeric
 * elements, and their speed on a given array ({@link
 * org.jckpt.engine.app.taskfile.codec.CodecFigures}). It knows nothing of task files, whose format
 * stays in {@code org.jckpt.engine.app.taskfile}; it is public so that the launcher can parse
 * {@code --compress} and the benchmark can measure the codecs without reaching into the engine.
 */
package org.jckpt.engine.app.taskfile.codec;
