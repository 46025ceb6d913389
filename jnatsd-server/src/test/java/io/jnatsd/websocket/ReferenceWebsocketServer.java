package io.jnatsd.websocket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nats-server 2.9.10 started from a config file with a websocket block, for the
 * differential tests: its websocket port comes from its log, which is kept for assertions.
 * Tests call {@link #installed()} in an assumption first.
 */
final class ReferenceWebsocketServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/nats-server");
    private static final Pattern WS_PORT = Pattern.compile("Listening for websocket clients on wss?://[^ ]+:(\\d+)");
    private static final Pattern HTTP_PORT = Pattern.compile("Starting http monitor on [^ ]+:(\\d+)");
    private static final Pattern ROUTE_PORT = Pattern.compile("Listening for route connections on [^ ]+:(\\d+)");
    private static final String READY = "Server is ready";
    private static final long START_TIMEOUT_SECONDS = 10;

    private final Process process;
    private final int websocketPort;
    private volatile int httpPort;
    private volatile int routePort;
    private final CompletableFuture<Integer> routeListening = new CompletableFuture<>();
    final List<String> log = new CopyOnWriteArrayList<>();

    private ReferenceWebsocketServer(Process process) throws Exception {
        this.process = process;
        this.websocketPort = readUntilReady();
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static ReferenceWebsocketServer start(Path config) throws Exception {
        Process p = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true).start();
        try {
            return new ReferenceWebsocketServer(p);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private int readUntilReady() throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            int found = -1;
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    log.add(line);
                    Matcher m = WS_PORT.matcher(line);
                    if (m.find()) {
                        found = Integer.parseInt(m.group(1));
                    }
                    Matcher h = HTTP_PORT.matcher(line);
                    if (h.find()) {
                        httpPort = Integer.parseInt(h.group(1));
                    }
                    Matcher rp = ROUTE_PORT.matcher(line);
                    if (rp.find()) {
                        routePort = Integer.parseInt(rp.group(1));
                        routeListening.complete(routePort);
                    }
                    if (line.contains(READY)) {
                        port.complete(found);
                    }
                }
                port.completeExceptionally(new IllegalStateException("nats-server exited:\n" + String.join("\n", log)));
            } catch (IOException e) {
                port.completeExceptionally(new UncheckedIOException(e));
            }
        }, "nats-server-log");
        reader.setDaemon(true);
        reader.start();
        return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    int websocketPort() {
        return websocketPort;
    }

    /**
     * The route port, for a config with a cluster. nats-server logs it after "Server is ready",
     * so this waits (bounded) for that line.
     */
    int routePort() throws Exception {
        return routeListening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The monitoring port when the config has one, else 0. */
    int httpPort() {
        return httpPort;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
