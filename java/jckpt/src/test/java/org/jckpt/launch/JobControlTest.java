package org.jckpt.launch;

import static org.jckpt.store.ModeAssertions.mode;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.testng.annotations.Test;

/** The launcher's control socket: private, and a bad request is answered or dropped without a checkpoint. */
public class JobControlTest {
    @Test(timeOut = 60_000)
    public void badRequestsTakeNoCheckpointAndAGoodOneStillDoes() throws Exception {
        Path runtime = Files.createTempDirectory("runtime").resolve("jckpt");
        Path jobDir = new JobRegistry(Map.of("JCKPT_RUNTIME_DIR", runtime.toString())).create("j1", 42, Optional.empty());
        AtomicInteger taken = new AtomicInteger();
        try (JobControl control = new JobControl(JobRegistry.socket(jobDir),
                stop -> CompletableFuture.completedFuture("set." + taken.getAndIncrement()))) {
            assertEquals(exchange(jobDir, "HELLO\n".getBytes(StandardCharsets.UTF_8)), "FAIL\tunknown request\n");
            byte[] endless = new byte[4 << 20];
            Arrays.fill(endless, (byte) 'C');
            assertEquals(exchange(jobDir, endless), "", "a line without end is dropped unanswered");
            assertEquals(taken.get(), 0);

            assertEquals(JobControl.request(JobRegistry.socket(jobDir), false).text(), "set.0");
        }
        for (Path p : new Path[] {runtime, runtime.resolve("jobs"), jobDir}) {
            assertEquals(mode(p), "rwx------", p.toString());
        }
        assertEquals(mode(jobDir.resolve("pid")), "rw-------");
    }

    /** A checkpointing environment's command knows the job only by the batch system's id. */
    @Test
    public void aJobIsFoundByItsIdItsPidOrItsBatchJob() throws Exception {
        JobRegistry registry = new JobRegistry(Map.of("JCKPT_RUNTIME_DIR", Files.createTempDirectory("runtime").toString()));
        Path slurm = registry.create("a1", 41, Optional.of("7"));
        Path plain = registry.create("b2", 42, Optional.empty());
        assertEquals(registry.find("a1"), Optional.of(slurm));
        assertEquals(registry.find("42"), Optional.of(plain));
        assertEquals(registry.findByBatchJob("7"), Optional.of(slurm));
        assertEquals(registry.findByBatchJob("41"), Optional.empty(), "a pid is not a batch job's id");
        assertEquals(mode(slurm.resolve("batch-job")), "rw-------");
    }

    /** Sends {@code bytes} and returns whatever comes back before the launcher closes the connection. */
    private static String exchange(Path jobDir, byte[] bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(JobRegistry.socket(jobDir)));
            try {
                ch.write(ByteBuffer.wrap(bytes));
            } catch (IOException e) {
                assertTrue(bytes.length > 1 << 20, "hung up on a short request: " + e);
            }
            InputStream in = Channels.newInputStream(ch);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
