package io.jnatsd.monitor;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ring keeps the newest closed connections, oldest first, and never more than its capacity. */
class ClosedConnectionsTest {

    private static ClosedConnections.Entry entry(long cid) {
        Instant t = Instant.EPOCH.plusSeconds(cid);
        ConnInfo ci = new ConnInfo(cid, ConnInfo.KIND_CLIENT, ConnInfo.TYPE_NATS, "127.0.0.1", 1, t, t, t,
                "Client Closed", "0s", "0s", "0s", 0, 0, 0, 0, 0, 0, null, null, null, null, null, null, null);
        return new ClosedConnections.Entry(ci, List.of(), null);
    }

    private static List<Long> cids(ClosedConnections r) {
        return r.snapshot().stream().map(e -> e.info().cid()).toList();
    }

    @Test
    void holdsEverythingBelowCapacityInOrder() {
        ClosedConnections r = new ClosedConnections(4);
        for (long i = 1; i <= 3; i++) {
            r.add(entry(i));
        }
        assertEquals(List.of(1L, 2L, 3L), cids(r));
        assertEquals(3, r.size());
    }

    @Test
    void dropsTheOldestOnceFull() {
        ClosedConnections r = new ClosedConnections(4);
        for (long i = 1; i <= 11; i++) {
            r.add(entry(i));
        }
        assertEquals(List.of(8L, 9L, 10L, 11L), cids(r));
        assertEquals(4, r.size());
        assertEquals(11, r.totalClosed());
    }

    @Test
    void exactlyFullWrapsCleanly() {
        ClosedConnections r = new ClosedConnections(3);
        for (long i = 1; i <= 6; i++) {
            r.add(entry(i));
        }
        assertEquals(List.of(4L, 5L, 6L), cids(r));
    }

    @Test
    void defaultCapacityIsNatsServers() {
        assertEquals(10_000, new ClosedConnections(ClosedConnections.DEFAULT_CAPACITY).capacity());
        assertThrows(IllegalArgumentException.class, () -> new ClosedConnections(0));
    }
}
