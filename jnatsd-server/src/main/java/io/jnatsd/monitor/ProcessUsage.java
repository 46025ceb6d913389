package io.jnatsd.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The process's resident memory and CPU use, measured as nats-server does it: memory is the
 * resident set ({@code /proc/self/statm}, pages of 4 KiB); CPU is the share of one core used
 * over the last window of at least one second, in percent with one decimal (so it can exceed
 * 100 on several cores). The first window reaches back to the process start. Windows are taken
 * when asked, so nothing runs between requests.
 *
 * <p>Threading: {@link #sample} is synchronized; callers are monitoring threads.
 */
final class ProcessUsage {

    /** A reading: resident bytes and CPU percent. */
    record Sample(long rssBytes, double cpuPercent) {
    }

    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE_SIZE = 4096;
    private static final long MIN_WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    private long lastWallNanos;
    private long lastCpuNanos;
    private double cpuPercent;

    ProcessUsage() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        long sinceStart = info.startInstant()
                .map(s -> Duration.between(s, Instant.now()).toNanos())
                .orElse(0L);
        lastWallNanos = System.nanoTime() - Math.max(0, sinceStart);
        lastCpuNanos = 0;
    }

    synchronized Sample sample() {
        long now = System.nanoTime();
        if (now - lastWallNanos >= MIN_WINDOW_NANOS) {
            long cpu = cpuNanos();
            if (cpu >= 0) {
                long wall = now - lastWallNanos;
                // per mille, truncated, then percent: nats-server's one-decimal figure
                cpuPercent = (double) ((cpu - lastCpuNanos) * 1000 / wall) / 10.0;
                lastCpuNanos = cpu;
                lastWallNanos = now;
            }
        }
        return new Sample(rss(), Math.max(0, cpuPercent));
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Resident set size in bytes; the JVM's committed heap where /proc is missing. */
    static long rss() {
        try {
            String s = new String(Files.readAllBytes(STATM), StandardCharsets.US_ASCII).trim();
            String[] f = s.split(" ");
            if (f.length > 1) {
                return Long.parseLong(f[1]) * PAGE_SIZE;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: fall through
        }
        return Runtime.getRuntime().totalMemory();
    }
}
