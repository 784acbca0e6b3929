package mpi;

/** Calls of Open MPI's Java API that this binding does not offer: they fail, naming themselves, never answer wrongly. */
final class Unsupported {
    private Unsupported() {
    }

    static UnsupportedOperationException call(String name) {
        return new UnsupportedOperationException("mpi." + name + " is not supported by jckpt's MPI binding");
    }
}
