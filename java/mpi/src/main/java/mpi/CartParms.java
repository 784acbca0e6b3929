package mpi;

/** A cartesian communicator's topology and the calling task's place in it. */
public final class CartParms {
    private final int[] dims;
    private final int[] periods;
    private final int[] coords;

    CartParms(int[] dims, int[] periods, int[] coords) {
        this.dims = dims;
        this.periods = periods;
        this.coords = coords;
    }

    public int getDimCount() {
        return dims.length;
    }

    public int getDim(int i) {
        return dims[i];
    }

    public boolean getPeriod(int i) {
        return periods[i] != 0;
    }

    public int getCoord(int i) {
        return coords[i];
    }
}
