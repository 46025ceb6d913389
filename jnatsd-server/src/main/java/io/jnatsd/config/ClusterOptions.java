package io.jnatsd.config;

import io.jnatsd.tls.TlsOptions;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The {@code cluster} block: where this server listens for routes and which routes it solicits.
 * A port of 0 means "no cluster listener" unless {@link #enabled()} says otherwise. {@code tls}
 * is null when routes are plain TCP.
 */
public record ClusterOptions(
        String name,
        String host,
        int port,
        String username,
        String password,
        Duration authTimeout,
        List<URI> routes,
        boolean noAdvertise,
        int connectRetries,
        String advertise,
        TlsOptions tls) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final ClusterOptions NONE =
            new ClusterOptions(null, DEFAULT_HOST, 0, null, null, null, List.of(), false, 0, null, null);

    public ClusterOptions {
        host = host == null ? DEFAULT_HOST : host;
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** True when this server accepts or solicits routes. */
    public boolean enabled() {
        return port != 0 || !routes.isEmpty();
    }
}
