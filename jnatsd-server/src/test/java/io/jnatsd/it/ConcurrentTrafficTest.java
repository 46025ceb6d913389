package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Several publishers on different connections (so, in general, different server event loops)
 * publishing at once to several subscribers: every subscriber gets every message, each
 * publisher's messages in the order it sent them.
 */
class ConcurrentTrafficTest {
    private static final int PUBLISHERS = 4;
    private static final int SUBSCRIBERS = 3;
    private static final int PER_PUBLISHER = 2_500;

    private RunningServer server;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start();
        pool = Executors.newFixedThreadPool(PUBLISHERS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.close();
    }

    @Test
    void concurrentPublishersReachEverySubscriberCompleteAndInPerPublisherOrder() throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            List<Receiver> receivers = new ArrayList<>();
            for (int s = 0; s < SUBSCRIBERS; s++) {
                Connection c = Clients.connect(server);
                connections.add(c);
                Receiver r = new Receiver();
                Dispatcher d = c.createDispatcher(m -> r.accept(ByteBuffer.wrap(m.getData())));
                d.subscribe("fan.*");
                Clients.flush(c);
                receivers.add(r);
            }
            List<Connection> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                Connection c = Clients.connect(server);
                connections.add(c);
                publishers.add(c);
            }

            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int id = p;
                Connection c = publishers.get(p);
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < PER_PUBLISHER; i++) {
                        byte[] data = new byte[64];
                        ByteBuffer.wrap(data).putInt(id).putInt(i);
                        c.publish("fan." + id, data);
                    }
                }, pool));
            }
            Await.result("all publishers done", CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));
            for (Connection c : publishers) {
                Clients.flush(c);
            }

            int expected = PUBLISHERS * PER_PUBLISHER;
            for (int s = 0; s < SUBSCRIBERS; s++) {
                Receiver r = receivers.get(s);
                Await.until("subscriber " + s + " has all " + expected + " messages", () -> r.total.get() >= expected);
                assertEquals(expected, r.total.get(), "subscriber " + s);
                assertNull(r.error.get(), "subscriber " + s);
            }
            assertEquals(0, server.server().slowConsumers());
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** Counts messages and checks each publisher's sequence; called on one dispatcher thread. */
    private static final class Receiver {
        final int[] next = new int[PUBLISHERS];
        final AtomicInteger total = new AtomicInteger();
        final AtomicReference<String> error = new AtomicReference<>();

        void accept(ByteBuffer b) {
            int publisher = b.getInt();
            int seq = b.getInt();
            if (seq != next[publisher]) {
                error.compareAndSet(null, "publisher " + publisher + ": expected " + next[publisher] + " got " + seq);
            }
            next[publisher] = seq + 1;
            total.incrementAndGet();
        }
    }
}
