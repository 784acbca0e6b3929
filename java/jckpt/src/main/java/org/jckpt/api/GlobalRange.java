package org.jckpt.api;

/**
 * A task's piece of a global 1-D index space: units {@code [offset, offset + length)} of
 * {@code globalLength}, each unit {@code width} array elements wide (1 for plain elements, the row
 * width for rows of a grid). The pieces of all tasks tile the space, without gaps or overlaps.
 */
public record GlobalRange(long offset, long length, long globalLength, int width) {

    public GlobalRange {
        if (width < 1 || offset < 0 || length < 0 || offset + length > globalLength) {
            throw new IllegalArgumentException("not a piece of a global range: [" + offset + ", " + (offset + length)
                    + ") of " + globalLength + " units of width " + width);
        }
    }

    /** Elements {@code [offset, offset + length)} of {@code globalLength}. */
    public static GlobalRange elements(long offset, long length, long globalLength) {
        return new GlobalRange(offset, length, globalLength, 1);
    }

    /** Rows {@code [firstRow, firstRow + rows)} of {@code globalRows}, each {@code width} elements. */
    public static GlobalRange rows(long firstRow, long rows, long globalRows, int width) {
        return new GlobalRange(firstRow, rows, globalRows, width);
    }

    /** First array element of the piece in the global element space. */
    public long firstElement() {
        return offset * width;
    }

    public long elementCount() {
        return length * width;
    }

    public long globalElements() {
        return globalLength * width;
    }
}
