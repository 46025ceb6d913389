package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** max_payload: announced in INFO, enforced by jnats before sending and by the server on the wire. */
class MaxPayloadTest {
    private static final int MAX_PAYLOAD = 1024;

    private RunningServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = RunningServer.start(b -> b.maxPayload(MAX_PAYLOAD));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void jnatsLearnsMaxPayloadFromInfoAndRefusesLargerMessages() throws Exception {
        try (Connection c = Clients.connect(server)) {
            assertEquals(MAX_PAYLOAD, c.getMaxPayload());
            Subscription s = c.subscribe("size");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.publish("size", new byte[MAX_PAYLOAD + 1]));
            assertTrue(e.getMessage().contains("payload"), e.getMessage());

            c.publish("size", new byte[MAX_PAYLOAD]);
            assertEquals(MAX_PAYLOAD, next(s).getData().length);
            assertEquals(Connection.Status.CONNECTED, c.getStatus());
        }
    }

    @Test
    void jnatsWithoutClientChecksIsDisconnectedWithMaximumPayloadViolation() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        ConnectionEvents events = new ConnectionEvents();
        try (Connection c = Clients.connect(Clients.options(server).clientSideLimitChecks(false)
                .errorListener(errors).connectionListener(events))) {
            c.publish("size", new byte[MAX_PAYLOAD + 1]);

            assertEquals("Maximum Payload Violation", errors.awaitError("Maximum Payload"));
            events.await(Events.DISCONNECTED);
        }
        Await.until("the violating connection is gone", () -> server.server().connectionCount() == 0);
    }

    @Test
    void publishOverMaxPayloadOnTheWireGetsErrThenClose() throws Exception {
        try (RawClient raw = RawClient.connect(server)) {
            assertTrue(raw.readInfo().contains("\"max_payload\":" + MAX_PAYLOAD));
            raw.send("CONNECT {\"verbose\":false}\r\n");
            // the size in the control line is enough: the server does not wait for the payload
            raw.send("PUB foo " + (MAX_PAYLOAD + 1) + "\r\n");
            assertEquals("-ERR 'Maximum Payload Violation'", raw.readLine());
            raw.expectEof();
        }
    }

    @Test
    void headersCountTowardsMaxPayload() throws Exception {
        try (RawClient raw = RawClient.connect(server)) {
            raw.readInfo();
            raw.send("CONNECT {\"verbose\":false,\"headers\":true}\r\n");
            raw.send("HPUB foo 100 " + (MAX_PAYLOAD + 1) + "\r\n");
            assertEquals("-ERR 'Maximum Payload Violation'", raw.readLine());
            raw.expectEof();
        }
    }

    @Test
    void messageOfExactlyMaxPayloadIsAcceptedOnTheWire() throws Exception {
        try (RawClient raw = RawClient.connect(server)) {
            raw.readInfo();
            raw.send("CONNECT {\"verbose\":false}\r\nSUB foo 1\r\n");
            raw.send("PUB foo " + MAX_PAYLOAD + "\r\n" + "x".repeat(MAX_PAYLOAD) + "\r\nPING\r\n");
            assertEquals("MSG foo 1 " + MAX_PAYLOAD, raw.readLine());
            assertEquals(MAX_PAYLOAD, raw.readPayload(MAX_PAYLOAD).length);
            assertEquals("PONG", raw.readLine());
        }
    }

    @Test
    void jnatsHeadersAndBodyTogetherMustFitMaxPayload() throws Exception {
        try (Connection c = Clients.connect(server)) {
            Headers h = new Headers().put("K", "v".repeat(100));
            assertThrows(IllegalArgumentException.class,
                    () -> c.publish("size", h, new byte[MAX_PAYLOAD - 50]));
            Subscription s = c.subscribe("size");
            c.publish("size", h, new byte[MAX_PAYLOAD - h.serializedLength()]);
            assertEquals(MAX_PAYLOAD - h.serializedLength(), next(s).getData().length);
        }
    }
}
