package org.jckpt.engine.app.redundancy;

import java.io.IOException;
import java.nio.file.Path;
import org.jckpt.store.Checksummed;

/**
 * The job's tasks as jckpt's connections reach them: each one's address, as the tasks exchanged
 * them at start, and its host, for messages that name it.
 */
record Peers(String[] addresses, NodeRing ring, String token) {

    /** Sends {@code range} of {@code file} to {@code task}, to keep as {@code kind} {@code name}. */
    void send(int task, PieceStore.Kind kind, String name, Path file, XorCode.Range range) throws IOException {
        try (PeerClient peer = PeerClient.connect(addresses[task], token, name(task))) {
            peer.send(kind, name, file, range);
        }
    }

    /** Sends the whole of {@code file} to {@code task}, to keep as {@code kind} {@code name}. */
    void send(int task, PieceStore.Kind kind, String name, Path file) throws IOException {
        try (PeerClient peer = PeerClient.connect(addresses[task], token, name(task))) {
            peer.send(kind, name, file);
        }
    }

    /**
     * Sends sealed copy {@code file} whole to {@code task} as a partner copy, with the checksum the
     * seal computed: the receiver checks what arrives against it, and no byte is read here.
     */
    void sendSealed(int task, Path file, Checksummed sealed) throws IOException {
        try (PeerClient peer = PeerClient.connect(addresses[task], token, name(task))) {
            peer.sendSealed(file, sealed);
        }
    }

    /** Has {@code task} delete its node's local set file {@code name}. */
    void deleteSetFile(int task, String name) throws IOException {
        try (PeerClient peer = PeerClient.connect(addresses[task], token, name(task))) {
            peer.deleteSetFile(name);
        }
    }

    String name(int task) {
        return "task " + task + " on " + ring.host(task);
    }
}
