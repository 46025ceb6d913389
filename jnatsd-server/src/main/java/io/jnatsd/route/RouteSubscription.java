package io.jnatsd.route;

import io.jnatsd.sublist.Subjects;

import io.jnatsd.sublist.Subscription;

import java.nio.charset.StandardCharsets;

/**
 * Interest of a route's peer, stored in the server's sublist next to local subscriptions:
 * one entry per (route, subject, queue). A queue entry carries the group's weight (how many
 * members the peer has), which biases the choice between routes.
 */
public final class RouteSubscription extends Subscription {
    public final RouteConnection route;
    /** The queue name as written in RMSG lines; null for plain interest. */
    final byte[] queueBytes;
    /** Members of the queue group on the peer; updated by RS+ on the route's event loop. */
    volatile int weight;

    RouteSubscription(RouteConnection route, String subject, String queue, int weight) {
        super(subject, queue);
        this.route = route;
        this.queueBytes = queue == null ? null : Subjects.encode(queue);
        this.weight = Math.max(1, weight);
    }

    public int weight() {
        return weight;
    }
}
