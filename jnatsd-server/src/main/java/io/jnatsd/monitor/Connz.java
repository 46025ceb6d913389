package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A page of connections, as nats-server's {@code /connz}. {@code total} counts every
 * connection in the requested state (before the cid and user filters, as nats-server does);
 * {@code num_connections} is the size of this page.
 */
public record Connz(
        @JsonProperty("server_id") String serverId,
        @JsonProperty("now") Instant now,
        @JsonProperty("num_connections") int numConnections,
        @JsonProperty("total") int total,
        @JsonProperty("offset") int offset,
        @JsonProperty("limit") int limit,
        @JsonProperty("connections") List<ConnInfo> connections) {
}
