package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static io.jnatsd.it.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A jnats client rides out a server restart on the same port and resubscribes. */
class ReconnectTest {

    @Test
    void clientReconnectsToServerRestartedOnSamePortAndItsSubscriptionWorksAgain() throws Exception {
        ConnectionEvents events = new ConnectionEvents();
        RunningServer first = RunningServer.start();
        int port = first.port();
        RunningServer second = null;
        try (Connection client = Clients.connect(Clients.options(first)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(20))
                // not ZERO: jnats 2.26.1 never retries with a zero jitter (same against nats-server)
                .reconnectJitter(Duration.ofMillis(5))
                .connectionListener(events))) {
            Subscription s = client.subscribe("survives");
            client.publish("survives", bytes("before"));
            assertEquals("before", text(next(s)));

            first.close();
            events.await(Events.DISCONNECTED);
            // published while disconnected: jnats buffers it and sends it after reconnecting
            client.publish("survives", bytes("while down"));

            // re-binding the port right after the stop must work
            second = RunningServer.startOnPort(port, b -> { });
            events.await(Events.RECONNECTED);
            events.await(Events.RESUBSCRIBED);
            Clients.flush(client);

            assertEquals("while down", text(next(s)));
            try (Connection other = Clients.connect(second)) {
                other.publish("survives", bytes("after"));
            }
            assertEquals("after", text(next(s)));
            assertEquals(Connection.Status.CONNECTED, client.getStatus());
            assertEquals(1, client.getStatistics().getReconnects());
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void serverCloseDisconnectsEveryClientPromptly() throws Exception {
        ConnectionEvents events = new ConnectionEvents();
        try (RunningServer server = RunningServer.start();
             Connection client = Clients.connect(Clients.options(server).connectionListener(events))) {
            server.close();
            events.await(Events.DISCONNECTED);
            events.await(Events.CLOSED);
            assertEquals(Connection.Status.CLOSED, client.getStatus());
        }
    }
}
