package org.jckpt.control;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jckpt.api.CheckpointException;
import org.jckpt.record.CheckpointKind;
import org.jckpt.system.DaemonThreads;

/**
 * A task's connection to the {@link Coordinator}. Its reader thread answers requests at once,
 * whatever the program is doing, which is what lets {@link SafePoints} agree on a target.
 */
public final class ControlClient implements AutoCloseable {
    /** Why a checkpoint still pending when the program closes jckpt fails. */
    public static final String PROGRAM_ENDED = "the program ended (close) before the checkpoint was taken";
    private final Line line;
    private final SafePoints safePoints;
    private final Map<String, CompletableFuture<String>> asked = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Consumer<String[]> relayed = m -> { };
    /** A program that exits without closing jckpt (System.exit, a forgotten close) still ends well: only a killed task says no BYE. */
    private final Thread byeAtExit = new Thread(this::bye, "jckpt-bye-at-exit");
    private boolean saidBye;

    public ControlClient(String hostPort, String token, int task, SafePoints safePoints) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))), 30_000);
        this.line = new Line(socket);
        this.safePoints = safePoints;
        line.send("HELLO", token, task);
        Runtime.getRuntime().addShutdownHook(byeAtExit);
        DaemonThreads.start("jckpt-control", this::readLoop);
    }

    /** Asks for a checkpoint of every task; completes with the set file once it commits. */
    public CompletableFuture<String> requestCheckpoint() {
        String id = "t" + ids.incrementAndGet();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        asked.put(id, outcome);
        line.send("REQUEST", id);
        return outcome;
    }

    /** This task has passed the target of {@code request}. */
    public void reached(String request) {
        line.send("REACHED", request);
    }

    /** Task 0 reports how a {@link RequestKind#TAKE} request ended. */
    public void result(String request, boolean ok, String text) {
        line.send("RESULT", request, ok ? "OK" : "FAIL", text);
    }

    /** This task's pause of set {@code tag}, which started at {@code start} (ms since the epoch), took {@code ms}. */
    public void paused(int tag, CheckpointKind kind, long start, long ms) {
        line.send("PAUSED", tag, kind.name(), start, ms);
    }

    /** Sends {@code fields} to task {@code to}, or to every task (this one too) when {@code to} is negative. */
    public void relay(int to, Object... fields) {
        Object[] m = new Object[fields.length + 2];
        m[0] = "RELAY";
        m[1] = to < 0 ? "*" : Integer.toString(to);
        System.arraycopy(fields, 0, m, 2, fields.length);
        line.send(m);
    }

    /** This task's address on the network that reaches the coordinator, for jckpt's connections between tasks. */
    public InetAddress localAddress() {
        return line.localAddress();
    }

    /** Where relayed messages go: {@code from}, then the fields; called on the reader thread, so it must not block. */
    public void onRelayed(Consumer<String[]> listener) {
        relayed = listener;
    }

    private void readLoop() {
        try {
            for (String[] m = line.read(); m != null; m = line.read()) {
                switch (m[0]) {
                    case "SNAPSHOT" -> line.send("AT", m[1], safePoints.onRequest(m[1], RequestKind.valueOf(m[2])));
                    case "TARGET" -> safePoints.onTarget(m[1], Long.parseLong(m[2]));
                    case "DONE" -> complete(m[1], m[2].equals("OK"), m[3]);
                    case "RELAYED" -> relayed.accept(Arrays.copyOfRange(m, 1, m.length));
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // The coordinator went away: the job is ending.
        }
        safePoints.cancel();
        asked.values().forEach(f -> f.completeExceptionally(new CheckpointException("the checkpoint coordinator went away")));
    }

    private void complete(String id, boolean ok, String text) {
        CompletableFuture<String> f = asked.remove(id);
        if (f == null) {
            return;
        }
        if (ok) {
            f.complete(text);
        } else {
            f.completeExceptionally(new CheckpointException(text));
        }
    }

    /**
     * Ends this task's part in the job. A checkpoint it asked for and that no safe point has taken
     * yet never will be: its future fails now, saying so, rather than when the connection drops.
     */
    @Override
    public void close() {
        CheckpointException ended = new CheckpointException(PROGRAM_ENDED);
        asked.values().forEach(f -> f.completeExceptionally(ended));
        try {
            Runtime.getRuntime().removeShutdownHook(byeAtExit);
        } catch (IllegalStateException exiting) {
            // Closed from another shutdown hook: this one runs anyway, and says BYE once.
        }
        bye();
    }

    private synchronized void bye() {
        if (!saidBye) {
            saidBye = true;
            line.send("BYE");
            line.close();
        }
    }
}
