package io.jnatsd.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The auth timeout: a client that does not authenticate in time is told so and dropped. */
class AuthTimeoutTest {

    @Test
    void silentClientIsDisconnectedWithAuthenticationTimeout() throws Exception {
        Duration authTimeout = Duration.ofMillis(300);
        try (RunningServer server = RunningServer.start(b -> b.username("a").password("b").authTimeout(authTimeout))) {
            long start = System.nanoTime();
            try (RawClient raw = RawClient.connect(server)) {
                raw.readInfo();
                // send nothing
                assertEquals("-ERR 'Authentication Timeout'", raw.readLine());
                long elapsed = System.nanoTime() - start;
                raw.expectEof();
                assertTrue(elapsed >= authTimeout.toNanos(),
                        "timed out after " + elapsed / 1_000_000 + " ms, before the configured " + authTimeout);
            }
            Await.until("the timed out connection is gone", () -> server.server().connectionCount() == 0);
        }
    }

    @Test
    void clientThatAuthenticatesInTimeOutlivesTheAuthTimeout() throws Exception {
        Duration authTimeout = Duration.ofMillis(300);
        // The first server PING comes ping_interval (+ up to 20% jitter) after CONNECT. With that
        // interval longer than the auth timeout, the PING proves the connection was still open
        // after the auth timer would have fired, without sleeping.
        Duration pingInterval = Duration.ofMillis(600);
        try (RunningServer server = RunningServer.start(b -> b.username("a").password("b")
                .authTimeout(authTimeout).pingInterval(pingInterval));
             RawClient raw = RawClient.connect(server)) {
            long start = System.nanoTime();
            raw.readInfo();
            raw.send("CONNECT {\"verbose\":false,\"user\":\"a\",\"pass\":\"b\"}\r\nPING\r\n");
            assertEquals("PONG", raw.readLine());
            assertEquals("PING", raw.readLine());
            assertTrue(System.nanoTime() - start > authTimeout.toNanos());
            raw.send("PONG\r\nPING\r\n");
            assertEquals("PONG", raw.readLine());
        }
    }

    @Test
    void serverWithoutAuthDoesNotTimeOutSilentClients() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.authTimeout(Duration.ofMillis(100))
                .pingInterval(Duration.ofMillis(400)));
             RawClient raw = RawClient.connect(server)) {
            assertFalse(raw.readInfo().contains("auth_required"), "INFO omits auth_required when false");
            // no CONNECT sent: without auth the server only pings, after ping_interval
            assertEquals("PING", raw.readLine());
        }
    }

}
