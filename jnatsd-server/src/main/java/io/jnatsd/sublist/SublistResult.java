package io.jnatsd.sublist;

import java.util.Arrays;

/**
 * The subscriptions that match one subject: plain ones, and queue ones grouped by queue name
 * (one inner array per distinct group across all matching subscriptions).
 *
 * <p>Immutable and shared between threads and caches: callers must never write into
 * {@link #psubs} or {@link #qsubs}; the arrays are exposed so delivery loops index them directly.
 */
public final class SublistResult {
    private static final Subscription[] NO_SUBS = new Subscription[0];
    private static final Subscription[][] NO_GROUPS = new Subscription[0][];

    /** The shared result for "no interest". */
    public static final SublistResult EMPTY = new SublistResult(NO_SUBS, NO_GROUPS);

    /** Plain subscriptions; do not modify. */
    public final Subscription[] psubs;
    /** Queue subscriptions, one non-empty array per queue group; do not modify. */
    public final Subscription[][] qsubs;

    SublistResult(Subscription[] psubs, Subscription[][] qsubs) {
        this.psubs = psubs;
        this.qsubs = qsubs;
    }

    public boolean isEmpty() {
        return psubs.length == 0 && qsubs.length == 0;
    }

    /** Deliveries one message causes: each plain subscription plus one per queue group. */
    public int fanout() {
        return psubs.length + qsubs.length;
    }

    /**
     * A copy with {@code sub} added, for updating cached results on insert. Arrays that do not
     * change are shared, which is safe because they are never written.
     */
    SublistResult with(Subscription sub) {
        if (sub.queue == null) {
            Subscription[] p = Arrays.copyOf(psubs, psubs.length + 1);
            p[psubs.length] = sub;
            return new SublistResult(p, qsubs);
        }
        for (int i = 0; i < qsubs.length; i++) {
            if (qsubs[i][0].queue.equals(sub.queue)) {
                Subscription[][] q = qsubs.clone();
                Subscription[] group = Arrays.copyOf(qsubs[i], qsubs[i].length + 1);
                group[qsubs[i].length] = sub;
                q[i] = group;
                return new SublistResult(psubs, q);
            }
        }
        Subscription[][] q = Arrays.copyOf(qsubs, qsubs.length + 1);
        q[qsubs.length] = new Subscription[] {sub};
        return new SublistResult(psubs, q);
    }

    @Override
    public String toString() {
        return "SublistResult{psubs=" + Arrays.toString(psubs) + ", qsubs=" + Arrays.deepToString(qsubs) + '}';
    }
}
