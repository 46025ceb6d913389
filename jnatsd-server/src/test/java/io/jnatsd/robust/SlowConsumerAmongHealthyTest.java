package io.jnatsd.robust;

import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten subscribers of one subject under a steady publisher; one stops reading. It is cut off as
 * a slow consumer, and the nine others get every message, in order, at the rate they had
 * before.
 */
class SlowConsumerAmongHealthyTest {
    private static final long MAX_PENDING = 128 * 1024;
    private static final int MAX_PAYLOAD = 1024;
    private static final int HEALTHY = 9;
    private static final int PAYLOAD = 200;
    private static final int BATCH = 50;
    /** A bound on the loop that waits for the detection; never reached. */
    private static final int MAX_BATCHES = 20_000;
    /** Batches published after the cut, to measure the healthy subscribers' rate then. */
    private static final int AFTER_BATCHES = 200;

    @Test
    void stalledSubscriberIsCutOffAndNineOthersKeepEveryMessageAndTheirRate() throws Exception {
        try (NatsServer server = Servers.start(b -> b.maxPending(MAX_PENDING).maxPayload(MAX_PAYLOAD));
             RawClient stalled = RawClient.connect(server.port(), 4096);
             Connection pub = Servers.connect(server)) {
            stalled.handshake("SUB feed 1\r\n");
            // from here on the raw client never reads again

            List<Connection> subs = new ArrayList<>();
            List<AtomicInteger> received = new ArrayList<>();
            AtomicReference<String> outOfOrder = new AtomicReference<>();
            try {
                for (int s = 0; s < HEALTHY; s++) {
                    Connection c = Servers.connect(server);
                    subs.add(c);
                    AtomicInteger count = new AtomicInteger();
                    received.add(count);
                    int id = s;
                    Dispatcher d = c.createDispatcher(m -> {
                        int seq = ByteBuffer.wrap(m.getData()).getInt();
                        int expected = count.getAndIncrement();
                        if (seq != expected) {
                            outOfOrder.compareAndSet(null, "subscriber " + id + ": expected " + expected + " got " + seq);
                        }
                    });
                    d.subscribe("feed");
                    c.flush(Servers.TIMEOUT);
                }

                // phase 1: publish until the stalled subscriber is detected
                long start = System.nanoTime();
                int sent = 0;
                int batches = 0;
                while (server.slowConsumers() == 0 && batches < MAX_BATCHES) {
                    sent = publishBatch(pub, sent, subs);
                    batches++;
                }
                double before = rate(sent, System.nanoTime() - start);
                assertEquals(1, server.slowConsumers(), "detected after " + batches + " batches");
                Servers.until("the slow consumer leaves", () -> server.connectionCount() == HEALTHY + 1);

                // phase 2: the same pace without it
                int cut = sent;
                long afterStart = System.nanoTime();
                for (int i = 0; i < AFTER_BATCHES; i++) {
                    sent = publishBatch(pub, sent, subs);
                }
                int total = sent;
                for (AtomicInteger r : received) {
                    Servers.until("every healthy subscriber has all " + total + " messages", () -> r.get() >= total);
                }
                double after = rate(total - cut, System.nanoTime() - afterStart);

                assertNull(outOfOrder.get());
                for (int s = 0; s < HEALTHY; s++) {
                    assertEquals(total, received.get(s).get(), "subscriber " + s);
                    assertEquals(Connection.Status.CONNECTED, subs.get(s).getStatus(), "subscriber " + s);
                }
                assertEquals(1, server.slowConsumers(), "only the stalled subscriber was a slow consumer");
                assertTrue(Servers.closeReasons(server).stream().anyMatch(r -> r.startsWith("Slow Consumer")),
                        Servers.closeReasons(server).toString());
                // the healthy ones were never held back by the stalled one, nor are they after it left
                assertTrue(after >= before / 3, String.format("rate per healthy subscriber before the cut %.0f msg/s,"
                        + " after %.0f msg/s", before, after));
            } finally {
                for (Connection c : subs) {
                    c.close();
                }
            }
        }
    }

    /**
     * Publishes one numbered batch and waits until every healthy subscriber has read it
     * (each flush returns once the server answered that client's PING, after the batch).
     */
    private static int publishBatch(Connection pub, int next, List<Connection> subs) throws Exception {
        for (int i = 0; i < BATCH; i++) {
            byte[] data = new byte[PAYLOAD];
            ByteBuffer.wrap(data).putInt(next++);
            pub.publish("feed", data);
        }
        pub.flush(Servers.TIMEOUT);
        for (Connection c : subs) {
            c.flush(Servers.TIMEOUT);
        }
        return next;
    }

    private static double rate(int messages, long nanos) {
        return messages / (nanos / 1e9);
    }
}
