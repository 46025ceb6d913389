package io.jnatsd.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * The last closed connections, oldest first, in a fixed ring (nats-server keeps 10,000). An
 * entry is what {@code /connz?state=closed} shows plus what it shows only on request
 * (subscriptions, the user).
 *
 * <p>Threading: {@link #add} runs on the closing connection's event loop, {@link #snapshot} on
 * a monitoring thread; both hold {@code this} briefly. Nothing here is on the message path.
 */
public final class ClosedConnections {

    /** nats-server's DEFAULT_MAX_CLOSED_CLIENTS. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /** A closed connection: its final {@link ConnInfo} and what is shown only on request. */
    public record Entry(ConnInfo info, List<SubDetail> subscriptions, String user) {
    }

    private final Entry[] ring;
    private long added;

    public ClosedConnections(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        ring = new Entry[capacity];
    }

    public synchronized void add(Entry e) {
        ring[(int) (added % ring.length)] = e;
        added++;
    }

    /** Entries held now, oldest first. */
    public synchronized List<Entry> snapshot() {
        int n = (int) Math.min(added, ring.length);
        List<Entry> out = new ArrayList<>(n);
        int first = added <= ring.length ? 0 : (int) (added % ring.length);
        for (int i = 0; i < n; i++) {
            out.add(ring[(first + i) % ring.length]);
        }
        return out;
    }

    /** Entries held now (at most the capacity). */
    public synchronized int size() {
        return (int) Math.min(added, ring.length);
    }

    /** Connections closed since start, including those the ring no longer holds. */
    public synchronized long totalClosed() {
        return added;
    }

    public int capacity() {
        return ring.length;
    }
}
