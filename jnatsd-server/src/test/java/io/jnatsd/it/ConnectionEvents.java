package io.jnatsd.it;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** A jnats {@link ConnectionListener} that records connection events in order. */
final class ConnectionEvents implements ConnectionListener {
    private final LinkedBlockingQueue<Events> queue = new LinkedBlockingQueue<>();
    private final List<Events> all = new CopyOnWriteArrayList<>();

    /** jnats 2.26 calls this form only. */
    @Override
    public void connectionEvent(Connection conn, Events type, Long time, String uriDetails) {
        all.add(type);
        queue.add(type);
    }

    /** The older form, which jnats no longer calls but the interface still requires. */
    @Override
    @SuppressWarnings("deprecation")
    public void connectionEvent(Connection conn, Events type) {
        connectionEvent(conn, type, null, null);
    }

    /** Waits until {@code type} is reported (events before it are consumed). */
    void await(Events type) throws InterruptedException {
        Await.take(() -> "connection event " + type + " (seen so far: " + all + ")", queue, e -> e == type);
    }

    List<Events> all() {
        return List.copyOf(all);
    }
}
