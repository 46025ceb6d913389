package io.jnatsd.sublist;

import java.util.HashMap;
import java.util.function.Consumer;

/**
 * One trie node: the subscriptions whose subject ends here and the next level's children,
 * keyed by literal token, plus the "*" and "&gt;" children kept apart so matching never hashes them.
 * Every collection is created on first use so that the many leaf nodes stay small.
 *
 * <p>Not thread-safe: guarded by the {@link Sublist} lock.
 */
final class Node {
    /** Literal-token children; null when there are none. */
    private HashMap<String, Node> literals;
    /** The "*" child. */
    Node pwc;
    /** The "&gt;" child (it only ever holds subscriptions, never children). */
    Node fwc;
    /** Plain subscriptions ending here; null when none. */
    SubscriptionSet psubs;
    /** Queue subscriptions ending here, per queue name; null when none. */
    HashMap<String, SubscriptionSet> qsubs;

    /** The child for a literal token of a published subject ("*" is not special here). */
    Node literal(String token) {
        return literals == null ? null : literals.get(token);
    }

    /** The child for a subscription token, where "*" and "&gt;" are wildcards; null if absent. */
    Node child(String token) {
        if (token.length() == 1) {
            char c = token.charAt(0);
            if (c == '*') {
                return pwc;
            }
            if (c == '>') {
                return fwc;
            }
        }
        return literal(token);
    }

    Node childOrCreate(String token) {
        Node n = child(token);
        if (n != null) {
            return n;
        }
        n = new Node();
        if (token.length() == 1 && token.charAt(0) == '*') {
            pwc = n;
        } else if (token.length() == 1 && token.charAt(0) == '>') {
            fwc = n;
        } else {
            if (literals == null) {
                literals = new HashMap<>(4);
            }
            literals.put(token, n);
        }
        return n;
    }

    void removeChild(String token, Node child) {
        if (child == pwc) {
            pwc = null;
        } else if (child == fwc) {
            fwc = null;
        } else if (literals != null) {
            literals.remove(token);
            if (literals.isEmpty()) {
                literals = null;
            }
        }
    }

    boolean add(Subscription sub) {
        SubscriptionSet set;
        if (sub.queue == null) {
            if (psubs == null) {
                psubs = new SubscriptionSet();
            }
            set = psubs;
        } else {
            if (qsubs == null) {
                qsubs = new HashMap<>(2);
            }
            set = qsubs.computeIfAbsent(sub.queue, q -> new SubscriptionSet());
        }
        return set.add(sub);
    }

    boolean remove(Subscription sub) {
        if (sub.queue == null) {
            if (psubs == null || !psubs.remove(sub)) {
                return false;
            }
            if (psubs.isEmpty()) {
                psubs = null;
            }
            return true;
        }
        SubscriptionSet set = qsubs == null ? null : qsubs.get(sub.queue);
        if (set == null || !set.remove(sub)) {
            return false;
        }
        if (set.isEmpty()) {
            qsubs.remove(sub.queue);
            if (qsubs.isEmpty()) {
                qsubs = null;
            }
        }
        return true;
    }

    /** No subscriptions and no children: the node can be pruned. */
    boolean isEmpty() {
        return psubs == null && qsubs == null && literals == null && pwc == null && fwc == null;
    }

    /** Levels below this node (0 for a leaf), for tests of pruning. */
    int depth() {
        int d = 0;
        if (literals != null) {
            for (Node n : literals.values()) {
                d = Math.max(d, 1 + n.depth());
            }
        }
        if (pwc != null) {
            d = Math.max(d, 1 + pwc.depth());
        }
        if (fwc != null) {
            d = Math.max(d, 1 + fwc.depth());
        }
        return d;
    }

    /** Visits this node's subtree, for snapshots. */
    void forEachSubscription(Consumer<Subscription> action) {
        if (psubs != null) {
            for (int i = 0; i < psubs.size(); i++) {
                action.accept(psubs.get(i));
            }
        }
        if (qsubs != null) {
            for (SubscriptionSet set : qsubs.values()) {
                for (int i = 0; i < set.size(); i++) {
                    action.accept(set.get(i));
                }
            }
        }
        if (literals != null) {
            for (Node n : literals.values()) {
                n.forEachSubscription(action);
            }
        }
        if (pwc != null) {
            pwc.forEachSubscription(action);
        }
        if (fwc != null) {
            fwc.forEachSubscription(action);
        }
    }
}
