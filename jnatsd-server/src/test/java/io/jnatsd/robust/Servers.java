package io.jnatsd.robust;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.monitor.ClosedConnections;
import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/** Starting an in-process server on 127.0.0.1 and a free port, and bounded waits on it. */
final class Servers {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Servers() {
    }

    static NatsServer start(Consumer<ServerOptions.Builder> config) throws IOException {
        ServerOptions.Builder b = ServerOptions.builder();
        config.accept(b);
        b.host("127.0.0.1").port(0);
        return new NatsServer(b.build(), Log.NONE).start();
    }

    /** A jnats client without reconnects and with a bounded connect. */
    static Connection connect(NatsServer server) throws IOException, InterruptedException {
        return connect(server.clientUrl());
    }

    static Connection connect(String url) throws IOException, InterruptedException {
        Options o = new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(2))
                .noReconnect().maxReconnects(0).errorListener(new io.nats.client.ErrorListener() { })
                .build();
        return Nats.connect(o);
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, TIMEOUT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    /** The close reasons recorded for closed client connections, oldest first. */
    static List<String> closeReasons(NatsServer server) {
        return server.monitor().closedConnections().snapshot().stream()
                .map(ClosedConnections.Entry::info).map(i -> i.reason()).toList();
    }
}
