package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * Subscription statistics and, when asked for, a page of subscriptions, as nats-server's
 * {@code Subsz}. As in nats-server 2.9, {@code total} is the number of entries on the page.
 * Over HTTP, a result without subscriptions is shown as {@link #stats()} alone, as
 * nats-server does.
 */
public record Subsz(
        @JsonProperty("server_id") String serverId,
        @JsonProperty("now") Instant now,
        @JsonProperty("num_subscriptions") long numSubscriptions,
        @JsonProperty("num_cache") long numCache,
        @JsonProperty("num_inserts") long numInserts,
        @JsonProperty("num_removes") long numRemoves,
        @JsonProperty("num_matches") long numMatches,
        @JsonProperty("cache_hit_rate") double cacheHitRate,
        @JsonProperty("max_fanout") long maxFanout,
        @JsonProperty("avg_fanout") double avgFanout,
        @JsonProperty("total") int total,
        @JsonProperty("offset") int offset,
        @JsonProperty("limit") int limit,
        @JsonProperty("subscriptions_list") @JsonInclude(Include.NON_EMPTY) List<SubDetail> subscriptions) {

    static Subsz of(String serverId, Instant now, SubszStats s, int offset, int limit, List<SubDetail> subs) {
        return new Subsz(serverId, now, s.numSubscriptions(), s.numCache(), s.numInserts(), s.numRemoves(),
                s.numMatches(), s.cacheHitRate(), s.maxFanout(), s.avgFanout(), subs.size(), offset, limit, subs);
    }

    /** The counters alone. */
    @JsonIgnore
    public SubszStats stats() {
        return new SubszStats(numSubscriptions, numCache, numInserts, numRemoves, numMatches, cacheHitRate,
                maxFanout, avgFanout);
    }
}
