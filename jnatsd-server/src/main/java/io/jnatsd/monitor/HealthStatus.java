package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code /healthz} answer, as nats-server's {@code HealthStatus}: "ok", or "error" with a reason. */
public record HealthStatus(
        @JsonProperty("status") String status,
        @JsonProperty("error") @JsonInclude(Include.NON_DEFAULT) String error) {

    public static final HealthStatus OK = new HealthStatus("ok", null);

    public boolean ok() {
        return error == null;
    }
}
