package io.jnatsd.robust;

import io.jnatsd.server.NatsServer;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 connections in five waves of 2,000, each with subscriptions, all open at once and then
 * closed: after every wave the server is back where it started. Measured on what the server
 * retains (connections, subscriptions, match cache, the closed-connections ring, pooled buffer
 * memory) rather than on the JVM heap, which is too noisy to compare in one test JVM.
 */
class ConnectionWavesTest {
    private static final int WAVES = 5;
    private static final int PER_WAVE = 2_000;
    /** Pooled memory may differ by a few chunks between waves (thread caches); a leak per connection would not fit. */
    private static final long POOL_SLACK = 16L * 1024 * 1024;

    @Test
    void fiveWavesOfTwoThousandConnectionsLeaveNothingBehind() throws Exception {
        try (NatsServer server = Servers.start(b -> { })) {
            Servers.until("the server is idle", () -> server.connectionCount() == 0);
            long poolBaseline = -1;
            long genBefore = server.sublist().genId();
            for (int wave = 0; wave < WAVES; wave++) {
                List<RawClient> clients = new ArrayList<>(PER_WAVE);
                try {
                    for (int i = 0; i < PER_WAVE; i++) {
                        RawClient c = RawClient.connect(server);
                        clients.add(c);
                        // no waiting per connection: INFO and PONG are read below
                    }
                    for (int i = 0; i < PER_WAVE; i++) {
                        clients.get(i).handshake("SUB w." + i + " 1\r\nSUB w.* q 2\r\n");
                    }
                    int w = wave;
                    assertEquals(PER_WAVE, server.connectionCount(), "wave " + w);
                    assertEquals(2 * PER_WAVE, server.sublist().count(), "wave " + w);
                    // a message through the crowd, so the match cache and delivery path are used too
                    clients.get(0).send("PUB w.1 2\r\nhi\r\nPING\r\n");
                    assertEquals("MSG w.1 1 2", clients.get(1).readLine());
                } finally {
                    for (RawClient c : clients) {
                        closeQuietly(c);
                    }
                }
                int w = wave;
                Servers.until("wave " + w + " has left", () -> server.connectionCount() == 0);
                assertEquals(0, server.sublist().count(), "subscriptions left after wave " + w);
                assertTrue(server.monitor().closedConnections().size()
                        <= server.monitor().closedConnections().capacity(), "closed-connections ring is bounded");
                assertTrue(server.sublist().genId() > genBefore);
                long pool = pooledMemory();
                if (wave == 0) {
                    poolBaseline = pool;
                } else {
                    assertTrue(pool <= poolBaseline + POOL_SLACK,
                            "pooled buffer memory after wave " + w + ": " + pool + " bytes, after the first " + poolBaseline);
                }
            }
            assertEquals((long) WAVES * PER_WAVE, server.totalConnections());
            assertTrue(server.sublist().match("w.1").isEmpty(),
                    "no cached match result refers to a closed connection's subscription");
        }
    }

    private static long pooledMemory() {
        PooledByteBufAllocatorMetric m = PooledByteBufAllocator.DEFAULT.metric();
        return m.usedDirectMemory() + m.usedHeapMemory();
    }

    private static void closeQuietly(RawClient c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
