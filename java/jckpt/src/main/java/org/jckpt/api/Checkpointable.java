package org.jckpt.api;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** State the program writes and reads itself, for what is not a plain array or buffer. */
public interface Checkpointable {
    void writeState(DataOutput out) throws IOException;

    void readState(DataInput in) throws IOException;
}
