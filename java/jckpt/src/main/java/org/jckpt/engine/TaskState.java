package org.jckpt.engine;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jckpt.api.CheckpointCallbacks;
import org.jckpt.api.Checkpointable;

/** What a task registered: named state items, open files whose offsets matter, and callbacks. */
public final class TaskState {
    private final Map<String, StateItem> items = new LinkedHashMap<>();
    private final Map<String, FileChannel> files = new LinkedHashMap<>();
    private final List<CheckpointCallbacks> callbacks = new ArrayList<>();

    public void register(String name, StateItem item) {
        if (items.containsKey(name) || files.containsKey(name)) {
            throw new IllegalArgumentException("state '" + name + "' is already registered");
        }
        items.put(name, item);
    }

    public void registerFile(String name, FileChannel channel) {
        if (items.containsKey(name) || files.containsKey(name)) {
            throw new IllegalArgumentException("state '" + name + "' is already registered");
        }
        files.put(name, channel);
    }

    public void addCallbacks(CheckpointCallbacks cb) {
        callbacks.add(cb);
    }

    public Map<String, StateItem> items() {
        return Collections.unmodifiableMap(items);
    }

    public Map<String, FileChannel> files() {
        return Collections.unmodifiableMap(files);
    }

    /** Bytes of the arrays and buffers registered (objects' size is known only once written). */
    public long knownBytes() {
        long bytes = 0;
        for (StateItem item : items.values()) {
            if (item instanceof StateItem.PrimitiveArray a) {
                bytes += a.byteLength();
            } else if (item instanceof StateItem.Buffer b) {
                bytes += b.buffer().capacity();
            }
        }
        return bytes;
    }

    public void fireCheckpoint() {
        callbacks.forEach(CheckpointCallbacks::onCheckpoint);
    }

    public void fireResume() {
        callbacks.forEach(CheckpointCallbacks::onResume);
    }

    public void fireRestart() {
        callbacks.forEach(CheckpointCallbacks::onRestart);
    }

    /** Wraps a program object as a state item. */
    public static StateItem of(Checkpointable c) {
        return new StateItem.Custom(c);
    }

    /** Wraps a direct buffer (its whole capacity) as a state item. */
    public static StateItem of(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("only direct ByteBuffers can be registered; wrap heap data as an array");
        }
        return new StateItem.Buffer(buffer);
    }
}
