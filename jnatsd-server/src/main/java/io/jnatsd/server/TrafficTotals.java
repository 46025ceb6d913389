package io.jnatsd.server;

import java.util.Collection;

/**
 * What closed connections counted, so server-wide totals need no shared counter on the message
 * path: a total is this plus the live connections' own counters.
 *
 * <p>Threading: guarded by {@code this}. {@link NatsServer} holds it while it moves a connection
 * from the live map to here and while it sums, so a connection is counted exactly once and the
 * totals never go backwards. The live counters are read racily (in* belong to the connection's
 * event loop, out* to its outbound lock), which monitoring accepts.
 */
final class TrafficTotals {
    private long inMsgs;
    private long outMsgs;
    private long inBytes;
    private long outBytes;

    /** Adds a closed connection's final counts. Caller holds this; the connection's event loop. */
    void retire(ClientConnection c) {
        inMsgs += c.inMsgs;
        outMsgs += c.outMsgs;
        inBytes += c.inBytes;
        outBytes += c.outBytes;
    }

    /** These totals plus the live connections' counters. Caller holds this. */
    Traffic plus(Collection<ClientConnection> live) {
        long im = inMsgs;
        long om = outMsgs;
        long ib = inBytes;
        long ob = outBytes;
        for (ClientConnection c : live) {
            im += c.inMsgs;
            om += c.outMsgs;
            ib += c.inBytes;
            ob += c.outBytes;
        }
        return new Traffic(im, om, ib, ob);
    }
}
