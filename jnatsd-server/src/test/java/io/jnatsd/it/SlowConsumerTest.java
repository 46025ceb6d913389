package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * max_pending: a subscriber that stops reading is cut off as a slow consumer and counted,
 * without costing a healthy subscriber of the same subject a single message.
 */
class SlowConsumerTest {
    private static final long MAX_PENDING = 64 * 1024;
    /** nats-server refuses max_payload above max_pending; keep the configuration one it accepts. */
    private static final int MAX_PAYLOAD = 1024;
    private static final int PAYLOAD = 200;
    private static final int BATCH = 50;
    /** Far more than kernel buffers and max_pending can absorb; a bound, never reached. */
    private static final int MAX_BATCHES = 10_000;

    @Test
    void stalledSubscriberIsDisconnectedAndCountedWhileHealthyOneGetsEverything() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.maxPending(MAX_PENDING).maxPayload(MAX_PAYLOAD));
             // a tiny receive buffer so the stalled reader's TCP window closes early
             RawClient stalled = RawClient.connect(server, 4096);
             Connection healthy = Clients.connect(server);
             Connection pub = Clients.connect(server)) {
            stalled.readInfo();
            stalled.send("CONNECT {\"verbose\":false}\r\nSUB feed 1\r\nPING\r\n");
            assertEquals("PONG", stalled.readLine());
            // from here on the raw client never reads again (until it checks for EOF)

            AtomicInteger received = new AtomicInteger();
            AtomicReference<String> outOfOrder = new AtomicReference<>();
            Dispatcher d = healthy.createDispatcher(m -> {
                int seq = ByteBuffer.wrap(m.getData()).getInt();
                int expected = received.getAndIncrement();
                if (seq != expected) {
                    outOfOrder.compareAndSet(null, "expected " + expected + " got " + seq);
                }
            });
            d.subscribe("feed");
            Clients.flush(healthy);

            int sent = 0;
            int batches = 0;
            while (server.server().slowConsumers() == 0 && batches < MAX_BATCHES) {
                sent = publishBatch(pub, sent);
                // The healthy client's flush returns after it has read everything the server
                // queued for it, so its own pending never exceeds one batch (10 KB).
                Clients.flush(pub, healthy);
                batches++;
            }
            assertEquals(1, server.server().slowConsumers(),
                    "slow consumer detected after " + batches + " batches (" + sent + " messages)");

            // the stalled client is cut off: everything it had not read, then EOF
            stalled.awaitEof();
            Await.until("the slow consumer leaves the server", () -> server.server().connectionCount() == 2);

            // and the healthy subscriber keeps receiving
            sent = publishBatch(pub, sent);
            Clients.flush(pub, healthy);
            int total = sent;
            Await.until("the healthy subscriber has all " + total + " messages",
                    () -> received.get() >= total);
            assertEquals(total, received.get());
            assertNull(outOfOrder.get());
            assertEquals(1, server.server().slowConsumers());
            assertEquals(Connection.Status.CONNECTED, healthy.getStatus());
        }
    }

    @Test
    void subscriberThatKeepsUpIsNeverASlowConsumer() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.maxPending(MAX_PENDING).maxPayload(MAX_PAYLOAD));
             Connection healthy = Clients.connect(server);
             Connection pub = Clients.connect(server)) {
            AtomicInteger received = new AtomicInteger();
            healthy.createDispatcher(m -> received.incrementAndGet()).subscribe("feed");
            Clients.flush(healthy);
            int sent = 0;
            // 5x max_pending in total, in batches smaller than max_pending
            for (int i = 0; i < 5 * MAX_PENDING / (BATCH * PAYLOAD); i++) {
                sent = publishBatch(pub, sent);
                Clients.flush(pub, healthy);
            }
            int total = sent;
            Await.until("all " + total + " messages received", () -> received.get() == total);
            assertEquals(0, server.server().slowConsumers());
            assertTrue((long) total * PAYLOAD >= 4 * MAX_PENDING);
        }
    }

    /** Publishes one batch numbered from {@code next}; returns the next sequence number. */
    private static int publishBatch(Connection pub, int next) {
        for (int i = 0; i < BATCH; i++) {
            byte[] data = new byte[PAYLOAD];
            ByteBuffer.wrap(data).putInt(next++);
            pub.publish("feed", data);
        }
        return next;
    }
}
