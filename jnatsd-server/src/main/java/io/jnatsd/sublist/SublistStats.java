package io.jnatsd.sublist;

/**
 * A point-in-time view of a {@link Sublist}'s counters, with nats-server's meanings (monitoring
 * names in brackets). Fanout figures are computed over the results currently in the shared
 * cache, as nats-server does, so they describe recently published subjects, not the whole index.
 * Immutable.
 *
 * @param numSubscriptions subscriptions in the index [num_subscriptions]
 * @param numCache         results in the shared cache [num_cache]
 * @param numInserts       successful inserts since creation [num_inserts]
 * @param numRemoves       successful removes since creation [num_removes]
 * @param numMatches       calls to match since creation [num_matches]
 * @param cacheHitRate     share of matches answered by the shared cache, 0 without matches [cache_hit_rate]
 * @param maxFanout        largest fanout (plain subs + queue groups) among cached results [max_fanout]
 * @param avgFanout        mean fanout over cached results, 0 if the total is 0 [avg_fanout]
 */
public record SublistStats(
        int numSubscriptions,
        int numCache,
        long numInserts,
        long numRemoves,
        long numMatches,
        double cacheHitRate,
        int maxFanout,
        double avgFanout) {

    /** The identity for {@link #plus}. */
    public static final SublistStats ZERO = new SublistStats(0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Sums two sublists' stats (e.g. across accounts) the way nats-server does: counters add,
     * max takes the max, and the rates are recomputed from the underlying totals, which are
     * recovered exactly from rate x count (both come from one snapshot).
     */
    public SublistStats plus(SublistStats o) {
        long hits = Math.round(cacheHitRate * numMatches) + Math.round(o.cacheHitRate * o.numMatches);
        long totFanout = Math.round(avgFanout * numCache) + Math.round(o.avgFanout * o.numCache);
        long matches = numMatches + o.numMatches;
        int cached = numCache + o.numCache;
        return new SublistStats(
                numSubscriptions + o.numSubscriptions,
                cached,
                numInserts + o.numInserts,
                numRemoves + o.numRemoves,
                matches,
                matches > 0 ? (double) hits / matches : 0,
                Math.max(maxFanout, o.maxFanout),
                totFanout > 0 ? (double) totFanout / cached : 0);
    }
}
