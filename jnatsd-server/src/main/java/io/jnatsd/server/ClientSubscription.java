package io.jnatsd.server;

import io.jnatsd.sublist.Subjects;
import io.jnatsd.sublist.Subscription;


/**
 * A client's subscription: the index entry plus what delivery needs. {@link #delivered} and
 * {@link #max} are guarded by the owning connection's outbound lock, since publishers on any
 * event loop deliver to it.
 */
public final class ClientSubscription extends Subscription {
    public final ClientConnection client;
    public final String sid;
    /** The sid as sent, written verbatim into MSG lines. */
    public final byte[] sidBytes;
    /** Wildcard subjects need the deliver-time deny check when the client has deny rules. */
    public final boolean wildcard;
    long delivered;
    /** Auto-unsubscribe limit, 0 for none. */
    long max;
    volatile boolean closed;

    ClientSubscription(ClientConnection client, String subject, String queue, String sid) {
        super(subject, queue);
        this.client = client;
        this.sid = sid;
        this.sidBytes = Subjects.encode(sid);
        this.wildcard = Subjects.hasWildcard(subject);
    }

    public long delivered() {
        return delivered;
    }

    public long max() {
        return max;
    }
}
