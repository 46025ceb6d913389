package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** The routes, as nats-server's {@code /routez}; always empty until jnatsd has routes. */
public record Routez(
        @JsonProperty("server_id") String serverId,
        @JsonProperty("now") Instant now,
        @JsonProperty("num_routes") int numRoutes,
        @JsonProperty("routes") List<RouteInfo> routes) {
}
