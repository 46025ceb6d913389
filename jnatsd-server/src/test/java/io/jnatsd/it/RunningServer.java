package io.jnatsd.it;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A jnatsd server started for one test on 127.0.0.1 and a port chosen by the OS (or a given
 * port, for tests that restart on the same one). Closing it stops the server.
 */
final class RunningServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final NatsServer server;

    private RunningServer(NatsServer server) {
        this.server = server;
    }

    /** A server with default options on a free port. */
    static RunningServer start() throws IOException {
        return start(b -> { });
    }

    /** A server on a free port, with {@code config} applied to otherwise default options. */
    static RunningServer start(Consumer<ServerOptions.Builder> config) throws IOException {
        return startOnPort(0, config);
    }

    /** A server on {@code port}; 0 lets the OS choose. */
    static RunningServer startOnPort(int port, Consumer<ServerOptions.Builder> config) throws IOException {
        ServerOptions.Builder b = ServerOptions.builder().host(HOST).port(port);
        config.accept(b);
        // Tests pin the bind address and port whatever the configurer did.
        b.host(HOST).port(port);
        return new RunningServer(new NatsServer(b.build(), Log.NONE).start());
    }

    NatsServer server() {
        return server;
    }

    String url() {
        return server.clientUrl();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
