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
            } else if (item instanceof StateItem.Distributed d) {
                bytes += d.byteLength();
            } else if (item instanceof StateItem.Replicated r) {
                bytes += r.array().byteLength();
            }
        }
        return bytes;
    }

    /** Runs every onCheckpoint callback; returns the first failure (later ones suppressed in it), or null. */
    public Exception fireCheckpoint() {
        return fire(CheckpointCallbacks::onCheckpoint);
    }

    public Exception fireResume() {
        return fire(CheckpointCallbacks::onResume);
    }

    public Exception fireRestart() {
        return fire(CheckpointCallbacks::onRestart);
    }

    private interface Callback {
        void call(CheckpointCallbacks callbacks) throws Exception;
    }

    /** Every callback is called, as CRaC calls every resource, even after one has failed. */
    private Exception fire(Callback callback) {
        Exception first = null;
        for (CheckpointCallbacks cb : callbacks) {
            try {
                callback.call(cb);
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
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
