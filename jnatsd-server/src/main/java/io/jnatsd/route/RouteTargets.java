package io.jnatsd.route;

import io.jnatsd.protocol.PubArgs;
import io.jnatsd.sublist.Subscription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The routes one published message goes to, collected while the publisher walks the match
 * result so that each route gets at most one RMSG, listing the queue groups it should serve
 * (as nats-server does). Also the publisher's end-of-batch flush list for routes.
 *
 * <p>Owned by one publishing connection, used on its event loop; reused for every message,
 * so the steady state allocates nothing.
 */
public final class RouteTargets {
    private RouteConnection[] routes = new RouteConnection[4];
    private byte[][][] queues = new byte[4][][];
    private int[] queueCounts = new int[4];
    private int count;
    private final ArrayList<RouteConnection> pendingFlush = new ArrayList<>();

    /** The route has plain interest: it gets the message (its queue list may stay empty). */
    public void addPlain(RouteSubscription sub) {
        indexOf(sub.route);
    }

    /**
     * No local member of this queue group took the message: one route among the group's
     * remote entries gets it, picked at random in proportion to the members it has.
     */
    public void addQueue(Subscription[] group) {
        int total = 0;
        for (Subscription s : group) {
            if (s instanceof RouteSubscription rs && !rs.route.isClosed()) {
                total += rs.weight;
            }
        }
        if (total == 0) {
            return;
        }
        int pick = ThreadLocalRandom.current().nextInt(total);
        for (Subscription s : group) {
            if (s instanceof RouteSubscription rs && !rs.route.isClosed()) {
                pick -= rs.weight;
                if (pick < 0) {
                    int i = indexOf(rs.route);
                    byte[][] q = queues[i];
                    if (q == null || queueCounts[i] == q.length) {
                        q = q == null ? new byte[4][] : Arrays.copyOf(q, q.length * 2);
                        queues[i] = q;
                    }
                    q[queueCounts[i]++] = rs.queueBytes;
                    return;
                }
            }
        }
    }

    private int indexOf(RouteConnection r) {
        for (int i = 0; i < count; i++) {
            if (routes[i] == r) {
                return i;
            }
        }
        if (count == routes.length) {
            int n = count * 2;
            routes = Arrays.copyOf(routes, n);
            queues = Arrays.copyOf(queues, n);
            queueCounts = Arrays.copyOf(queueCounts, n);
        }
        routes[count] = r;
        queueCounts[count] = 0;
        return count++;
    }

    /** Writes one RMSG/HMSG per collected route and forgets the targets; true if any took it. */
    public boolean send(PubArgs pa, byte[] msg, int off) {
        boolean sent = false;
        for (int i = 0; i < count; i++) {
            RouteConnection r = routes[i];
            routes[i] = null;
            if (r.sendMessage(pa, msg, off, queues[i], queueCounts[i])) {
                sent = true;
                if (r.flushMark != this) {
                    r.flushMark = this;
                    pendingFlush.add(r);
                }
            }
        }
        count = 0;
        return sent;
    }

    /** End of the publisher's read batch: one flush per route written to. */
    public void flushPending() {
        for (int i = 0, n = pendingFlush.size(); i < n; i++) {
            RouteConnection r = pendingFlush.get(i);
            r.flushMark = null;
            r.requestFlush();
        }
        pendingFlush.clear();
    }
}
