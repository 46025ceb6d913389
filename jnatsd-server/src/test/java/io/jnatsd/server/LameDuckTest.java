package io.jnatsd.server;

import io.jnatsd.config.ServerOptions;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lame duck mode: clients are told, the listener closes, clients are closed, the server stops. */
class LameDuckTest {

    private static NatsServer start(RecordingLog log, Duration duration, Duration grace) throws IOException {
        return new NatsServer(ServerOptions.builder().host("127.0.0.1").port(0).ioThreads(1)
                .lameDuckDuration(duration).lameDuckGracePeriod(grace).build(), log).start();
    }

    private static ConnectionListener.Events next(BlockingQueue<ConnectionListener.Events> events,
                                                  ConnectionListener.Events wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Wire.TIMEOUT.toNanos();
        while (true) {
            ConnectionListener.Events e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + wanted + " event within " + Wire.TIMEOUT.toMillis() + " ms");
            }
            if (e == wanted) {
                return e;
            }
        }
    }

    @Test
    void jnatsClientGetsLameDuckEventThenIsClosedAndServerStops() throws Exception {
        RecordingLog log = new RecordingLog();
        NatsServer server = start(log, Duration.ofSeconds(2), Duration.ofMillis(500));
        try {
            BlockingQueue<ConnectionListener.Events> events = new LinkedBlockingQueue<>();
            Options opts = new Options.Builder().server(server.clientUrl()).maxReconnects(0)
                    .connectionTimeout(Wire.TIMEOUT).connectionListener((c, e) -> events.add(e)).build();
            try (Connection nc = Nats.connect(opts);
                 Wire raw = Wire.connected(server, null, null)) {
                server.enterLameDuckMode();
                assertTrue(server.isLameDuckMode());

                next(events, ConnectionListener.Events.LAME_DUCK);
                String info = raw.readLine();
                assertTrue(info.startsWith("INFO ") && info.contains("\"ldm\":true"), info);
                // the listener is closed before clients are told: nobody new gets in
                assertThrows(ConnectException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) Wire.TIMEOUT.toMillis());
                    }
                });
                assertTrue(server.isRunning(), "still serving during the grace period");
                raw.ping();

                raw.expectEof();
                next(events, ConnectionListener.Events.CLOSED);
                assertEquals(Connection.Status.CLOSED, nc.getStatus());
                assertTrue(server.awaitShutdown(Wire.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "server closed");
            }
            assertTrue(log.has("[INF] Entering lame duck mode, stop accepting new clients"), log.lines::toString);
            assertTrue(log.has("[INF] Closing existing clients"), log.lines::toString);
            assertTrue(log.has("[INF] Server Exiting.."), log.lines::toString);
        } finally {
            server.close();
        }
    }

    @Test
    void withoutClientsTheServerStopsAtOnce() throws Exception {
        RecordingLog log = new RecordingLog();
        NatsServer server = start(log, Duration.ofMinutes(2), Duration.ofSeconds(10));
        try {
            server.enterLameDuckMode();
            server.enterLameDuckMode(); // idempotent
            assertTrue(server.awaitShutdown(Wire.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(1, log.lines.stream().filter(l -> l.contains("Entering lame duck mode")).count());
        } finally {
            server.close();
        }
    }
}
