package io.jnatsd.sublist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates the subscriptions of the trie nodes a subject reaches, merging queue groups of the
 * same name across nodes. Used once per cache miss, by one thread; allocation here is the
 * price of a miss only.
 */
final class ResultBuilder {
    private Subscription[] psubs = new Subscription[8];
    private int psubCount;
    /** Queue name to members, in first-seen order; created on the first queue subscription. */
    private LinkedHashMap<String, ArrayList<Subscription>> groups;

    void add(Node n) {
        SubscriptionSet p = n.psubs;
        if (p != null) {
            int need = psubCount + p.size();
            if (need > psubs.length) {
                psubs = Arrays.copyOf(psubs, Math.max(need, psubs.length * 2));
            }
            p.copyTo(psubs, psubCount);
            psubCount = need;
        }
        if (n.qsubs != null) {
            if (groups == null) {
                groups = new LinkedHashMap<>();
            }
            for (Map.Entry<String, SubscriptionSet> e : n.qsubs.entrySet()) {
                SubscriptionSet set = e.getValue();
                ArrayList<Subscription> members = groups.computeIfAbsent(e.getKey(), q -> new ArrayList<>(set.size()));
                for (int i = 0; i < set.size(); i++) {
                    members.add(set.get(i));
                }
            }
        }
    }

    SublistResult build() {
        if (psubCount == 0 && (groups == null || groups.isEmpty())) {
            return SublistResult.EMPTY;
        }
        Subscription[][] q = new Subscription[groups == null ? 0 : groups.size()][];
        if (groups != null) {
            int i = 0;
            for (ArrayList<Subscription> members : groups.values()) {
                q[i++] = members.toArray(new Subscription[0]);
            }
        }
        return new SublistResult(Arrays.copyOf(psubs, psubCount), q);
    }
}
