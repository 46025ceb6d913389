package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.ReadListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ping_interval and ping_max: unanswered PINGs end a connection, answered ones keep it. */
class PingTest {
    private static final Duration PING_INTERVAL = Duration.ofMillis(100);

    @Test
    void clientThatNeverAnswersPingsIsClosedAsStaleAfterPingMax() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.pingInterval(PING_INTERVAL).pingMax(2));
             RawClient raw = RawClient.connect(server)) {
            long start = System.nanoTime();
            raw.readInfo();
            raw.send("CONNECT {\"verbose\":false}\r\n");
            assertEquals("PING", raw.readLine());
            assertEquals("PING", raw.readLine());
            assertEquals("-ERR 'Stale Connection'", raw.readLine());
            raw.expectEof();
            assertTrue(System.nanoTime() - start >= 3 * PING_INTERVAL.toNanos(),
                    "stale only after ping_max + 1 intervals");
        }
    }

    @Test
    void clientThatAnswersPingsStaysConnectedWellPastPingMax() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.pingInterval(PING_INTERVAL).pingMax(1));
             RawClient raw = RawClient.connect(server)) {
            raw.readInfo();
            raw.send("CONNECT {\"verbose\":false}\r\n");
            for (int i = 0; i < 4; i++) {
                assertEquals("PING", raw.readLine(), "ping " + i);
                raw.send("PONG\r\n");
            }
            raw.send("PING\r\n");
            assertEquals("PONG", raw.readLine());
        }
    }

    @Test
    void jnatsClientAnswersServerPingsAndStaysConnected() throws Exception {
        int pings = 5;
        CountDownLatch serverPings = new CountDownLatch(pings);
        ReadListener countPings = new ReadListener() {
            @Override
            public void protocol(String op, String text) {
                if ("PING".equals(op)) {
                    serverPings.countDown();
                }
            }
        };
        // ping_max 1: a single unanswered PING would get the connection closed at the next tick
        try (RunningServer server = RunningServer.start(b -> b.pingInterval(PING_INTERVAL).pingMax(1));
             Connection c = Clients.connect(Clients.options(server).readListener(countPings))) {
            assertTrue(serverPings.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "server sent " + (pings - serverPings.getCount()) + " of " + pings + " pings");
            c.flush(Await.TIMEOUT);
            assertEquals(Connection.Status.CONNECTED, c.getStatus());
            assertEquals(1, server.server().connectionCount());
        }
    }
}
