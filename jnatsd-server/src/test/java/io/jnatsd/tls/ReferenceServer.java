package io.jnatsd.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nats-server 2.9.10, run from a config file, for tests that compare jnatsd with it.
 * Tests call {@link #installed()} in an assumption first.
 */
final class ReferenceServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/nats-server");
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on [^ ]+:(\\d+)");
    private static final long START_TIMEOUT_SECONDS = 10;

    private final Process process;
    private final int port;

    private ReferenceServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts nats-server with {@code config} (which should listen on port -1) and waits until it listens. */
    static ReferenceServer start(Path config) throws Exception {
        Process p = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true).start();
        try {
            return new ReferenceServer(p, clientPort(p));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The client port from the log; the rest of the log is drained so the server never blocks on it. */
    private static int clientPort(Process p) throws Exception {
        BufferedReader log = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = log.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    Matcher m = CLIENT_PORT.matcher(line);
                    if (m.find()) {
                        Thread drain = new Thread(() -> drain(log), "nats-server-log");
                        drain.setDaemon(true);
                        drain.start();
                        return Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("nats-server did not start:\n" + seen);
        });
        return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void drain(BufferedReader log) {
        try {
            while (log.readLine() != null) {
                // discarded
            }
        } catch (IOException e) {
            // the stream closes when the process is destroyed
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
