package io.jnatsd.robust;

import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that vanishes without closing (power loss, a NAT dropping state) leaves a half-open
 * TCP connection that the kernel never reports. The server finds it with its PINGs: after
 * ping_max unanswered ones it closes the connection as stale, and removes its interest.
 */
class HalfOpenPeerTest {
    private static final Duration PING_INTERVAL = Duration.ofMillis(200);
    private static final int PING_MAX = 2;

    @Test
    void vanishedClientIsClosedAsStaleWithinPingMaxIntervals() throws Exception {
        try (NatsServer server = Servers.start(b -> b.pingInterval(PING_INTERVAL).pingMax(PING_MAX));
             BlackholeProxy proxy = new BlackholeProxy(server.port());
             Connection healthy = Servers.connect(server)) {
            // the client's own pings are far off: only the server's can find the broken link
            Options o = new Options.Builder().server("nats://127.0.0.1:" + proxy.port())
                    .connectionTimeout(Duration.ofSeconds(2)).noReconnect().pingInterval(Duration.ofHours(1))
                    .errorListener(new io.nats.client.ErrorListener() { }).build();
            try (Connection vanishing = Nats.connect(o)) {
                vanishing.subscribe("feed");
                vanishing.flush(Servers.TIMEOUT);
                Servers.until("both clients and the subscription are registered",
                        () -> server.connectionCount() == 2 && server.sublist().count() == 1);

                long frozenAt = System.nanoTime();
                proxy.freeze();
                // traffic for the vanished subscriber does not keep it alive
                for (int i = 0; i < 20; i++) {
                    healthy.publish("feed", new byte[100]);
                }
                healthy.flush(Servers.TIMEOUT);

                Duration bound = PING_INTERVAL.multipliedBy(PING_MAX + 3);
                Servers.until("the half-open connection is closed", bound.plus(Duration.ofSeconds(2)),
                        () -> server.connectionCount() == 1);
                long took = System.nanoTime() - frozenAt;
                assertTrue(took >= PING_INTERVAL.toNanos(), "closed after " + took / 1_000_000 + " ms: too early");
                assertTrue(Servers.closeReasons(server).contains("Stale Connection"), Servers.closeReasons(server).toString());
                assertEquals(0, server.sublist().count(), "the vanished client's subscription is gone");
            }
            healthy.flush(Servers.TIMEOUT);
            assertEquals(Connection.Status.CONNECTED, healthy.getStatus());
        }
    }
}
