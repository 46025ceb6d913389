package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static io.jnatsd.it.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** flush and drain: what a client can rely on once they return. */
class DrainFlushTest {
    private RunningServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = RunningServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void afterPublisherAndSubscriberFlushEveryMessageIsAlreadyAtTheSubscriber() throws Exception {
        int n = 1000;
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe("flushed");
            Clients.flush(sub);
            for (int i = 0; i < n; i++) {
                pub.publish("flushed", bytes(Integer.toString(i)));
            }
            Clients.flush(pub);
            Clients.flush(sub);
            assertEquals(n, s.getPendingMessageCount());
            List<String> got = Clients.pending(s).stream().map(Clients::text).toList();
            for (int i = 0; i < n; i++) {
                assertEquals(Integer.toString(i), got.get(i));
            }
        }
    }

    @Test
    void subscriptionMadeBeforeFlushSeesMessagesPublishedAfterIt() throws Exception {
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription s = sub.subscribe("late");
            Clients.flush(sub); // the server has registered the interest when this returns
            pub.publish("late", bytes("first"));
            assertEquals("first", text(next(s)));
        }
    }

    @Test
    void connectionDrainDeliversEverythingAlreadySentThenCloses() throws Exception {
        int n = 2000;
        Connection sub = Clients.connect(server);
        try (Connection pub = Clients.connect(server)) {
            AtomicInteger handled = new AtomicInteger();
            Dispatcher d = sub.createDispatcher(m -> handled.incrementAndGet());
            d.subscribe("drained");
            Clients.flush(sub);
            for (int i = 0; i < n; i++) {
                pub.publish("drained", bytes(Integer.toString(i)));
            }
            Clients.flush(pub);

            boolean drained = Await.result("connection drain", sub.drain(Await.TIMEOUT));

            assertTrue(drained);
            assertEquals(n, handled.get(), "every message the server had queued was handled");
            assertEquals(Connection.Status.CLOSED, sub.getStatus());
            Await.until("the drained connection leaves the server", () -> server.server().connectionCount() == 1);

            // nothing more is delivered once drained
            pub.publish("drained", bytes("late"));
            Clients.flush(pub);
            assertEquals(n, handled.get());
        } finally {
            sub.close();
        }
    }

    /**
     * Uses a synchronous subscription: jnats 2.26.1 completes {@code drain} of a subscription
     * that belongs to a Dispatcher as soon as its flush returns (it counts pending messages on
     * the subscription, and a dispatcher keeps them in its own queue) and then drops what the
     * dispatcher had not handled yet. Seen against nats-server 2.9.10 as well.
     */
    @Test
    void subscriptionDrainDeliversWhatWasSentThenRemovesInterestButKeepsTheConnection() throws Exception {
        int n = 500;
        try (Connection sub = Clients.connect(server); Connection pub = Clients.connect(server)) {
            Subscription drained = sub.subscribe("part");
            Subscription stays = sub.subscribe("part");
            Clients.flush(sub);
            for (int i = 0; i < n; i++) {
                pub.publish("part", bytes(Integer.toString(i)));
            }
            Clients.flush(pub);

            CompletableFuture<Boolean> done = drained.drain(Await.TIMEOUT);
            for (int i = 0; i < n; i++) {
                assertEquals(Integer.toString(i), text(next(drained)), "message " + i + " of the drained subscription");
            }
            assertTrue(Await.result("subscription drain", done));
            assertFalse(drained.isActive());

            pub.publish("part", bytes("after"));
            Clients.flush(pub, sub);
            assertEquals(n + 1, stays.getPendingMessageCount(), "the other subscription still gets everything");
            assertEquals(2L * n + 1, sub.getStatistics().getInMsgs(), "the server stopped sending to the drained sid");
            assertEquals(Connection.Status.CONNECTED, sub.getStatus());
        }
    }
}
