package mpi;

/** Loads libjckpt_mpi (the JNI half of this binding, built against the site's MPI) once. */
final class NativeLibrary {
    static {
        System.loadLibrary("jckpt_mpi");
    }

    private NativeLibrary() {
    }

    /** Does nothing itself: calling it makes sure the class, and with it the library, is loaded. */
    static void load() {
    }
}
