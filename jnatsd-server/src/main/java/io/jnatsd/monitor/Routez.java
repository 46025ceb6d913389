package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * The routes, as nats-server's {@code /routez}: one entry per registered route (one per remote
 * server of the cluster), in rid order; {@code routes} is {@code []} without a cluster.
 * {@code import}/{@code export} are this server's cluster permissions, absent when none.
 */
public record Routez(
        @JsonProperty("server_id") String serverId,
        @JsonProperty("now") Instant now,
        @JsonProperty("import") @JsonInclude(Include.NON_NULL) RouteInfo.Permission importPermission,
        @JsonProperty("export") @JsonInclude(Include.NON_NULL) RouteInfo.Permission exportPermission,
        @JsonProperty("num_routes") int numRoutes,
        @JsonProperty("routes") List<RouteInfo> routes) {
}
