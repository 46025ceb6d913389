package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * One route in {@code /routez}, as nats-server 2.9.10's {@code RouteInfo}: the same keys in
 * the same order; {@code import}/{@code export} are the peer's cluster permissions, absent when
 * it has none. {@code rtt} is Go's Duration text, {@code "0s"} before the first PING is
 * answered, as nats-server shows it. The subscription lists are the interest the peer
 * announced (RS+), present only when asked for and not empty.
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
        @JsonProperty("rtt") @JsonInclude(Include.NON_EMPTY) String rtt,
        @JsonProperty("uptime") String uptime,
        @JsonProperty("idle") String idle,
        @JsonProperty("import") @JsonInclude(Include.NON_NULL) Permission importPermission,
        @JsonProperty("export") @JsonInclude(Include.NON_NULL) Permission exportPermission,
        @JsonProperty("pending_size") long pendingSize,
        @JsonProperty("in_msgs") long inMsgs,
        @JsonProperty("out_msgs") long outMsgs,
        @JsonProperty("in_bytes") long inBytes,
        @JsonProperty("out_bytes") long outBytes,
        @JsonProperty("subscriptions") int subscriptions,
        @JsonProperty("subscriptions_list") @JsonInclude(Include.NON_EMPTY) List<String> subscriptionsList,
        @JsonProperty("subscriptions_list_detail") @JsonInclude(Include.NON_EMPTY) List<SubDetail> subscriptionsListDetail) {

    /** nats-server's SubjectPermission: allow and deny lists, each left out when empty. */
    public record Permission(
            @JsonProperty("allow") @JsonInclude(Include.NON_EMPTY) List<String> allow,
            @JsonProperty("deny") @JsonInclude(Include.NON_EMPTY) List<String> deny) {

        static Permission of(io.jnatsd.auth.SubjectPermission p) {
            return p == null || p.isEmpty() ? null : new Permission(p.allow(), p.deny());
        }
    }
}
