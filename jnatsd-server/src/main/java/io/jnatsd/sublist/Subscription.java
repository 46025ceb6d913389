package io.jnatsd.sublist;

/**
 * What the subject index stores: a subject (with wildcards) and an optional queue group.
 * Connection kinds extend it with what delivery needs (client, sid, limits).
 * Identity matters: the index holds the instance, and removal is by identity.
 */
public class Subscription {
    /** The subscribed subject, possibly with '*' and '>' tokens. */
    public final String subject;
    /** The queue group name, or null for a plain subscription. */
    public final String queue;

    public Subscription(String subject, String queue) {
        this.subject = subject;
        this.queue = queue;
    }

    public boolean isQueue() {
        return queue != null;
    }

    @Override
    public String toString() {
        return queue == null ? subject : subject + " [" + queue + "]";
    }
}
