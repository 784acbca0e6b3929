package org.jckpt.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The node's memory, from the kernel's {@code /proc/meminfo}. */
record MemInfo(long totalBytes, long availableBytes) {
    static MemInfo read() throws IOException {
        long total = 0;
        long available = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            String[] f = line.split("\\s+");
            if (f[0].equals("MemTotal:")) {
                total = Long.parseLong(f[1]) << 10;
            } else if (f[0].equals("MemAvailable:")) {
                available = Long.parseLong(f[1]) << 10;
            }
        }
        return new MemInfo(total, available);
    }
}
