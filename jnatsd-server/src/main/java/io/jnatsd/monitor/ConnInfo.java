package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One connection in {@code /connz}, as nats-server's {@code ConnInfo}: same names, types, order
 * and omit-when-empty rules. {@code uptime} and {@code idle} are taken at the time of the
 * request for an open connection and at its close for a closed one.
 */
public record ConnInfo(
        @JsonProperty("cid") long cid,
        @JsonProperty("kind") @JsonInclude(Include.NON_DEFAULT) String kind,
        @JsonProperty("type") @JsonInclude(Include.NON_DEFAULT) String type,
        @JsonProperty("ip") String ip,
        @JsonProperty("port") int port,
        @JsonProperty("start") Instant start,
        @JsonProperty("last_activity") Instant lastActivity,
        @JsonProperty("stop") @JsonInclude(Include.NON_NULL) Instant stop,
        @JsonProperty("reason") @JsonInclude(Include.NON_DEFAULT) String reason,
        @JsonProperty("rtt") @JsonInclude(Include.NON_DEFAULT) String rtt,
        @JsonProperty("uptime") String uptime,
        @JsonProperty("idle") String idle,
        @JsonProperty("pending_bytes") long pendingBytes,
        @JsonProperty("in_msgs") long inMsgs,
        @JsonProperty("out_msgs") long outMsgs,
        @JsonProperty("in_bytes") long inBytes,
        @JsonProperty("out_bytes") long outBytes,
        @JsonProperty("subscriptions") int subscriptions,
        @JsonProperty("name") @JsonInclude(Include.NON_DEFAULT) String name,
        @JsonProperty("lang") @JsonInclude(Include.NON_DEFAULT) String lang,
        @JsonProperty("version") @JsonInclude(Include.NON_DEFAULT) String version,
        @JsonProperty("authorized_user") @JsonInclude(Include.NON_DEFAULT) String authorizedUser,
        @JsonProperty("account") @JsonInclude(Include.NON_DEFAULT) String account,
        @JsonProperty("subscriptions_list") @JsonInclude(Include.NON_EMPTY) List<String> subscriptionsList,
        @JsonProperty("subscriptions_list_detail") @JsonInclude(Include.NON_EMPTY) List<SubDetail> subscriptionsListDetail) {

    /** nats-server's kind for a client connection. */
    public static final String KIND_CLIENT = "Client";
    /** nats-server's type for a plain NATS (not websocket, not MQTT) client. */
    public static final String TYPE_NATS = "nats";

    /** How long the connection has been (or was) up at {@code now}; for sorting. */
    @JsonIgnore
    Duration uptimeAt(Instant now) {
        return Duration.between(start, stop != null ? stop : now);
    }

    /** How long the connection has been (or was, at close) idle at {@code now}; for sorting. */
    @JsonIgnore
    Duration idleAt(Instant now) {
        return Duration.between(lastActivity, stop != null ? stop : now);
    }

    ConnInfo withSubscriptions(List<String> list, List<SubDetail> detail) {
        return new ConnInfo(cid, kind, type, ip, port, start, lastActivity, stop, reason, rtt, uptime, idle,
                pendingBytes, inMsgs, outMsgs, inBytes, outBytes, subscriptions, name, lang, version,
                authorizedUser, account, list, detail);
    }

    ConnInfo withAuthorizedUser(String user) {
        return new ConnInfo(cid, kind, type, ip, port, start, lastActivity, stop, reason, rtt, uptime, idle,
                pendingBytes, inMsgs, outMsgs, inBytes, outBytes, subscriptions, name, lang, version,
                user, account, subscriptionsList, subscriptionsListDetail);
    }
}
