package io.jnatsd.it;

import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** max_connections: the connection over the limit is refused; a freed slot can be reused. */
class MaxConnectionsTest {
    private static final String EXCEEDED = "maximum connections exceeded";

    /**
     * The server sends INFO and the -ERR together and closes. jnats 2.26.1 reads both in its
     * first read and fails the connect with "Read past initial info message" without passing the
     * -ERR text to its error listener; it does exactly the same against nats-server 2.9.10, so
     * the text itself is checked on the wire in the next test.
     */
    @Test
    void jnatsConnectionOverTheLimitFailsAtOnceAndTheOthersStay() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.maxConnections(2));
             Connection first = Clients.connect(server);
             Connection second = Clients.connect(server)) {
            long start = System.nanoTime();
            Clients.Refusal r = Clients.connectExpectingRefusal(Clients.options(server));
            assertTrue(System.nanoTime() - start < Clients.REFUSED_CONNECT_TIMEOUT.toNanos(),
                    "refused at once, not by the connect timeout: " + r.errors().exceptions());
            assertTrue(r.errors().exceptions().stream().anyMatch(e -> String.valueOf(e.getMessage()).contains("info")),
                    "jnats saw more than INFO before the close: " + r.errors().exceptions());

            assertEquals(2, server.server().connectionCount());
            assertEquals(Connection.Status.CONNECTED, first.getStatus());
            assertEquals(Connection.Status.CONNECTED, second.getStatus());
        }
    }

    @Test
    void connectionOverTheLimitGetsInfoThenMaximumConnectionsExceededThenClose() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.maxConnections(1));
             Connection only = Clients.connect(server);
             RawClient raw = RawClient.connect(server)) {
            raw.readInfo();
            assertEquals("-ERR '" + EXCEEDED + "'", raw.readLine());
            raw.expectEof();
        }
    }

    @Test
    void slotFreedByAClosedConnectionCanBeTakenAgain() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.maxConnections(1))) {
            Connection first = Clients.connect(server);
            first.close();
            Await.until("the closed connection leaves the server", () -> server.server().connectionCount() == 0);
            try (Connection again = Clients.connect(server)) {
                assertEquals(Connection.Status.CONNECTED, again.getStatus());
            }
            assertTrue(server.server().totalConnections() >= 2);
        }
    }
}
