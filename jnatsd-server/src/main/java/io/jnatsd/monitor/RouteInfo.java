package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * One route in {@code /routez}, as nats-server's {@code RouteInfo} (import/export permissions
 * left out until routes have them). jnatsd has no routes yet, so none is ever built; the type
 * fixes the contract for when they come.
 */
public record RouteInfo(
        @JsonProperty("rid") long rid,
        @JsonProperty("remote_id") String remoteId,
        @JsonProperty("did_solicit") boolean didSolicit,
        @JsonProperty("is_configured") boolean isConfigured,
        @JsonProperty("ip") String ip,
        @JsonProperty("port") int port,
        @JsonProperty("start") Instant start,
        @JsonProperty("last_activity") Instant lastActivity,
        @JsonProperty("rtt") @JsonInclude(Include.NON_DEFAULT) String rtt,
        @JsonProperty("uptime") String uptime,
        @JsonProperty("idle") String idle,
        @JsonProperty("pending_size") long pendingSize,
        @JsonProperty("in_msgs") long inMsgs,
        @JsonProperty("out_msgs") long outMsgs,
        @JsonProperty("in_bytes") long inBytes,
        @JsonProperty("out_bytes") long outBytes,
        @JsonProperty("subscriptions") int subscriptions,
        @JsonProperty("subscriptions_list") @JsonInclude(Include.NON_EMPTY) List<String> subscriptionsList,
        @JsonProperty("subscriptions_list_detail") @JsonInclude(Include.NON_EMPTY) List<SubDetail> subscriptionsListDetail) {
}
