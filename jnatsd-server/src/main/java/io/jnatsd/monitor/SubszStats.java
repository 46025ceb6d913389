package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnatsd.sublist.SublistStats;

/**
 * The subject index counters, as nats-server's {@code SublistStats}; this alone is what
 * {@code /subsz} shows when no subscription is listed.
 */
public record SubszStats(
        @JsonProperty("num_subscriptions") long numSubscriptions,
        @JsonProperty("num_cache") long numCache,
        @JsonProperty("num_inserts") long numInserts,
        @JsonProperty("num_removes") long numRemoves,
        @JsonProperty("num_matches") long numMatches,
        @JsonProperty("cache_hit_rate") double cacheHitRate,
        @JsonProperty("max_fanout") long maxFanout,
        @JsonProperty("avg_fanout") double avgFanout) {

    static SubszStats of(SublistStats s) {
        return new SubszStats(s.numSubscriptions(), s.numCache(), s.numInserts(), s.numRemoves(),
                s.numMatches(), s.cacheHitRate(), s.maxFanout(), s.avgFanout());
    }
}
