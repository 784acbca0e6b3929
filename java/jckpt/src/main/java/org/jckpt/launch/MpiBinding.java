package org.jckpt.launch;

import java.nio.file.Path;

/**
 * An implementation of the {@code mpi.*} API a job's tasks load: its jar and the directory of its
 * native library.
 *
 * @param id         as the set file records it: "openmpi" or "jckpt"
 * @param jar        the binding's classes
 * @param libraryDir the directory of its JNI library (libmpi_java.so, libjckpt_mpi.so)
 */
public record MpiBinding(String id, Path jar, Path libraryDir) {
    public static final String OPEN_MPIS = "openmpi";
    public static final String JCKPTS = "jckpt";

    /** "Open MPI's" or "jckpt's", for the start line. */
    public String owner() {
        return id.equals(OPEN_MPIS) ? "Open MPI's" : "jckpt's";
    }
}
