package org.jckpt.control;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jckpt.record.LogEvent;
import org.jckpt.system.DaemonThreads;

/**
 * The job's checkpoint coordinator: every task connects; a request (from a task, from
 * {@code jckpt checkpoint}, a signal or a timer) is turned into a target safe point that all tasks
 * agree on, one request at a time. Runs in the launcher, or in task 0 when there is none.
 *
 * <p>Messages: task to coordinator {@code HELLO token task}, {@code REQUEST id}, {@code AT req count},
 * {@code REACHED req} (every task, at the target), {@code RESULT req OK|FAIL text}, {@code RELAY to fields...},
 * {@code PAUSED tag kind start ms} (after each pause), {@code BYE}; coordinator to task {@code SNAPSHOT req kind}, {@code TARGET req count}, {@code DONE id OK|FAIL text},
 * {@code RELAYED from fields...}. Relays carry the tasks' own conversation about background flushes
 * ({@code to} a task number, or {@code *} for every task), so that no MPI call is made off the program's threads.
 *
 * <p>The port is open to anyone who can reach the host: a connection that does not start with a
 * valid {@code HELLO} in time (a wrong token, garbage, a line without end, silence) is closed and
 * touches nothing of the job.
 */
public final class Coordinator implements AutoCloseable {
    /** A request and who waits for its outcome. */
    private record Request(String id, RequestKind kind, CompletableFuture<String> outcome) {
    }

    /** Tasks send HELLO right after connecting; under load that still takes far less. */
    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(60);

    private final byte[] token;
    private final int tasks;
    private final Duration helloTimeout;
    private final ServerSocket server;
    private final Map<Integer, Line> lines = new HashMap<>();
    private final Deque<Request> queue = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private Request active;
    private final Map<Integer, Long> counts = new HashMap<>();
    private int reached;
    private String result;
    private boolean resultOk;
    private String ended;
    private int firstBroken = -1; // the first task whose end was read without a BYE: the likely cause
    private int open; // connections accepted and not yet ended, a HELLO not yet read included
    private final PauseTally pauses;
    private Consumer<LogEvent> onPause = e -> { };

    public Coordinator(String token, int tasks) throws IOException {
        this(token, tasks, HELLO_TIMEOUT);
    }

    Coordinator(String token, int tasks, Duration helloTimeout) throws IOException {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.tasks = tasks;
        this.helloTimeout = helloTimeout;
        this.pauses = new PauseTally(tasks);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(0));
        DaemonThreads.start("jckpt-coordinator", this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Asks every task to act at an agreed safe point. For {@link RequestKind#TAKE} the future
     * completes with the committed set file, or exceptionally with why it was not taken.
     */
    public synchronized CompletableFuture<String> request(RequestKind kind) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        if (ended != null) {
            outcome.completeExceptionally(new IllegalStateException(ended));
            return outcome;
        }
        for (Request r : queue) {
            if (r.kind() == kind) {
                return r.outcome(); // Requests that arrive while one waits are served by it.
            }
        }
        queue.add(new Request("r" + ids.incrementAndGet(), kind, outcome));
        startNext();
        return outcome;
    }

    /** Where each checkpoint goes once every task told its pause; called under the coordinator's lock, so it must not call back. */
    public synchronized void onPause(Consumer<LogEvent> listener) {
        onPause = listener;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                opened(1);
                DaemonThreads.start("jckpt-coordinator-conn", () -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        int task = -1;
        boolean closed = false;
        try (Line line = new Line(socket)) {
            line.timeout(helloTimeout);
            int hello = taskOf(line.read());
            if (hello < 0) {
                return;
            }
            line.timeout(Duration.ZERO);
            task = hello;
            register(task, line);
            String[] m = line.read();
            for (; m != null && !m[0].equals("BYE"); m = line.read()) {
                handle(task, line, m);
            }
            closed = m != null;
        } catch (IOException | RuntimeException e) {
            // A task's connection broke; handled below as the task leaving.
        } finally {
            if (task >= 0) {
                taskLeft(task, closed);
            }
            opened(-1);
        }
    }

    private synchronized void opened(int change) {
        open += change;
        notifyAll();
    }

    /** The task a {@code HELLO token task} names, or -1 for anything else. */
    private int taskOf(String[] hello) {
        if (hello == null || hello.length != 3 || !hello[0].equals("HELLO")
                || !MessageDigest.isEqual(hello[1].getBytes(StandardCharsets.UTF_8), token) || !hello[2].matches("\\d{1,9}")) {
            return -1;
        }
        int task = Integer.parseInt(hello[2]);
        return task < tasks ? task : -1;
    }

    private synchronized void register(int task, Line line) {
        lines.put(task, line);
        startNext();
    }

    private synchronized void handle(int task, Line line, String[] m) {
        switch (m[0]) {
            case "REQUEST" -> request(RequestKind.PARTIAL).whenComplete((path, err) ->
                    line.send("DONE", m[1], err == null ? "OK" : "FAIL", err == null ? path : Causes.rootMessage(err)));
            case "AT" -> onCount(task, m[1], Long.parseLong(m[2]));
            case "REACHED" -> onReached(m[1]);
            case "RESULT" -> onResult(m[1], m[2].equals("OK"), m[3]);
            case "RELAY" -> relay(task, m);
            case "PAUSED" -> pauses.add(m).ifPresent(onPause);
            default -> { }
        }
    }

    private void relay(int from, String[] m) {
        Object[] relayed = new Object[m.length];
        relayed[0] = "RELAYED";
        relayed[1] = from;
        System.arraycopy(m, 2, relayed, 2, m.length - 2);
        lines.forEach((task, l) -> {
            if (m[1].equals("*") || m[1].equals(task.toString())) {
                l.send(relayed);
            }
        });
    }

    private void startNext() {
        if (active != null || queue.isEmpty() || lines.size() < tasks) {
            return;
        }
        active = queue.poll();
        counts.clear();
        reached = 0;
        result = null;
        lines.values().forEach(l -> l.send("SNAPSHOT", active.id(), active.kind()));
    }

    private void onCount(int task, String req, long count) {
        if (active == null || !active.id().equals(req)) {
            return;
        }
        counts.put(task, count);
        if (counts.size() == tasks) {
            long target = Collections.max(counts.values()) + 1;
            lines.values().forEach(l -> l.send("TARGET", req, target));
        }
    }

    private void onReached(String req) {
        if (active != null && active.id().equals(req)) {
            reached++;
            finishIfDone();
        }
    }

    private void onResult(String req, boolean ok, String text) {
        if (active != null && active.id().equals(req)) {
            result = text;
            resultOk = ok;
            finishIfDone();
        }
    }

    /** A request ends when every task has passed its target and, for a take, task 0 told the outcome. */
    private void finishIfDone() {
        if (reached < tasks || (active.kind().takes() && result == null)) {
            return;
        }
        CompletableFuture<String> outcome = active.outcome();
        active = null;
        if (resultOk || result == null) {
            outcome.complete(result);
        } else {
            outcome.completeExceptionally(new IllegalStateException(result));
        }
        startNext();
    }

    /** A task that closed jckpt ({@code closed}) or whose connection broke: no request can be agreed any more. */
    private synchronized void taskLeft(int task, boolean closed) {
        lines.remove(task);
        if (!closed && firstBroken < 0) {
            firstBroken = task;
        }
        if (ended == null) {
            ended = closed ? "the program ended (close on task " + task + ") before the checkpoint was taken"
                    : "task " + task + " left the job (its connection to the coordinator broke) before the checkpoint was taken";
        }
        IllegalStateException gone = new IllegalStateException(ended);
        if (active != null) {
            active.outcome().completeExceptionally(gone);
            active = null;
        }
        queue.forEach(r -> r.outcome().completeExceptionally(gone));
        queue.clear();
    }

    /**
     * The first task whose connection broke without its {@code BYE} (killed, crashed; the others
     * may have died of its death), once every
     * connection has ended or {@code bound} has passed. For after the job's launcher exited:
     * its tasks are gone, so their connections are closing, and reading their ends takes moments.
     */
    public synchronized Optional<Integer> brokenTask(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        for (long left = bound.toNanos(); open > 0 && left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return firstBroken < 0 ? Optional.empty() : Optional.of(firstBroken);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Nothing to release beyond the socket.
        }
        synchronized (this) {
            lines.values().forEach(Line::close);
        }
    }
}
