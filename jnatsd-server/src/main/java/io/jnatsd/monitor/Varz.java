package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * General server information, as nats-server 2.9.10's {@code /varz}: the same field names, JSON
 * types and order. Fields marked "omitted when empty" follow Go's {@code omitempty}. Durations
 * ({@code ping_interval}, {@code write_deadline}) are integer nanoseconds, as Go encodes a
 * {@code time.Duration}; timeouts are float seconds. Fields for features jnatsd does not have
 * (JetStream, gateways, leaf nodes, MQTT, operators, system account) are
 * absent or empty objects, as nats-server shows them when those are not configured.
 */
public record Varz(
        @JsonProperty("server_id") String serverId,
        @JsonProperty("server_name") String serverName,
        @JsonProperty("version") String version,
        @JsonProperty("proto") int proto,
        /* nats-server's Go runtime version; jnatsd shows the Java runtime's */
        @JsonProperty("go") String go,
        @JsonProperty("host") String host,
        @JsonProperty("port") int port,
        @JsonProperty("auth_required") @JsonInclude(Include.NON_DEFAULT) boolean authRequired,
        @JsonProperty("tls_required") @JsonInclude(Include.NON_DEFAULT) boolean tlsRequired,
        @JsonProperty("tls_verify") @JsonInclude(Include.NON_DEFAULT) boolean tlsVerify,
        @JsonProperty("connect_urls") @JsonInclude(Include.NON_EMPTY) List<String> connectUrls,
        @JsonProperty("ws_connect_urls") @JsonInclude(Include.NON_EMPTY) List<String> wsConnectUrls,
        @JsonProperty("max_connections") int maxConnections,
        @JsonProperty("max_subscriptions") @JsonInclude(Include.NON_DEFAULT) int maxSubscriptions,
        @JsonProperty("ping_interval") long pingIntervalNanos,
        @JsonProperty("ping_max") int pingMax,
        @JsonProperty("http_host") String httpHost,
        @JsonProperty("http_port") int httpPort,
        @JsonProperty("http_base_path") String httpBasePath,
        @JsonProperty("https_port") int httpsPort,
        @JsonProperty("auth_timeout") double authTimeoutSeconds,
        @JsonProperty("max_control_line") int maxControlLine,
        @JsonProperty("max_payload") int maxPayload,
        @JsonProperty("max_pending") long maxPending,
        @JsonProperty("cluster") Cluster cluster,
        @JsonProperty("gateway") Map<String, Object> gateway,
        @JsonProperty("leaf") Map<String, Object> leaf,
        @JsonProperty("mqtt") Map<String, Object> mqtt,
        @JsonProperty("websocket") Websocket websocket,
        @JsonProperty("jetstream") Map<String, Object> jetstream,
        @JsonProperty("tls_timeout") double tlsTimeoutSeconds,
        @JsonProperty("write_deadline") long writeDeadlineNanos,
        @JsonProperty("start") Instant start,
        @JsonProperty("now") Instant now,
        @JsonProperty("uptime") String uptime,
        @JsonProperty("mem") long mem,
        @JsonProperty("cores") int cores,
        @JsonProperty("gomaxprocs") int gomaxprocs,
        @JsonProperty("cpu") double cpu,
        @JsonProperty("connections") int connections,
        @JsonProperty("total_connections") long totalConnections,
        @JsonProperty("routes") int routes,
        @JsonProperty("remotes") int remotes,
        @JsonProperty("leafnodes") int leafnodes,
        @JsonProperty("in_msgs") long inMsgs,
        @JsonProperty("out_msgs") long outMsgs,
        @JsonProperty("in_bytes") long inBytes,
        @JsonProperty("out_bytes") long outBytes,
        @JsonProperty("slow_consumers") long slowConsumers,
        @JsonProperty("subscriptions") long subscriptions,
        /* keys sorted, as Go writes maps */
        @JsonProperty("http_req_stats") Map<String, Long> httpReqStats,
        @JsonProperty("config_load_time") Instant configLoadTime) {

    /**
     * The {@code cluster} object, as nats-server's {@code ClusterOptsVarz} (every field
     * {@code omitempty}): {@code {}} without a cluster. With one: the cluster name in use
     * (configured or dynamic), the listen host, the bound port, the route auth timeout and
     * the TLS timeout in seconds (2 each unless configured, as nats-server defaults them), and
     * {@code urls}, the configured routes as host:port; {@code tls_required} and
     * {@code tls_verify} (both true together: route TLS is always mutual) with a cluster tls block.
     */
    public record Cluster(
            @JsonProperty("name") @JsonInclude(Include.NON_DEFAULT) String name,
            @JsonProperty("addr") @JsonInclude(Include.NON_DEFAULT) String addr,
            @JsonProperty("cluster_port") @JsonInclude(Include.NON_DEFAULT) int clusterPort,
            @JsonProperty("auth_timeout") @JsonInclude(Include.NON_DEFAULT) double authTimeoutSeconds,
            @JsonProperty("urls") @JsonInclude(Include.NON_EMPTY) List<String> urls,
            @JsonProperty("tls_timeout") @JsonInclude(Include.NON_DEFAULT) double tlsTimeoutSeconds,
            @JsonProperty("tls_required") @JsonInclude(Include.NON_DEFAULT) boolean tlsRequired,
            @JsonProperty("tls_verify") @JsonInclude(Include.NON_DEFAULT) boolean tlsVerify) {

        public static final Cluster NONE = new Cluster(null, null, 0, 0, List.of(), 0, false, false);
    }

    /**
     * The {@code websocket} object, as nats-server's {@code WebsocketOptsVarz} (every field
     * {@code omitempty}): {@code {}} without a websocket port; with one, the listen host, the
     * bound port and the configured settings. {@code handshake_timeout} is in nanoseconds,
     * {@code auth_timeout} in seconds (only when the block sets one).
     */
    public record Websocket(
            @JsonProperty("host") @JsonInclude(Include.NON_DEFAULT) String host,
            @JsonProperty("port") @JsonInclude(Include.NON_DEFAULT) int port,
            @JsonProperty("advertise") @JsonInclude(Include.NON_DEFAULT) String advertise,
            @JsonProperty("no_auth_user") @JsonInclude(Include.NON_DEFAULT) String noAuthUser,
            @JsonProperty("handshake_timeout") @JsonInclude(Include.NON_DEFAULT) long handshakeTimeoutNanos,
            @JsonProperty("auth_timeout") @JsonInclude(Include.NON_DEFAULT) double authTimeoutSeconds,
            @JsonProperty("no_tls") @JsonInclude(Include.NON_DEFAULT) boolean noTls,
            @JsonProperty("tls_map") @JsonInclude(Include.NON_DEFAULT) boolean tlsMap,
            @JsonProperty("same_origin") @JsonInclude(Include.NON_DEFAULT) boolean sameOrigin,
            @JsonProperty("allowed_origins") @JsonInclude(Include.NON_EMPTY) List<String> allowedOrigins,
            @JsonProperty("compression") @JsonInclude(Include.NON_DEFAULT) boolean compression) {

        public static final Websocket NONE = new Websocket(null, 0, null, null, 0, 0, false, false, false, List.of(), false);
    }
}
