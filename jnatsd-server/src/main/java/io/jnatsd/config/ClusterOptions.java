package io.jnatsd.config;

import io.jnatsd.auth.Permissions;
import io.jnatsd.tls.TlsOptions;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The {@code cluster} block: where this server listens for routes and which routes it solicits.
 * A port of 0 means "no cluster listener" unless {@link #enabled()} says otherwise. {@code tls}
 * is null when routes are plain TCP; {@code permissions} (import as publish, export as subscribe)
 * null when route interest is not filtered.
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
        TlsOptions tls,
        Permissions permissions) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final ClusterOptions NONE =
            new ClusterOptions(null, DEFAULT_HOST, 0, null, null, null, List.of(), false, 0, null, null, null);

    public ClusterOptions {
        host = host == null ? DEFAULT_HOST : host;
        permissions = permissions == null || permissions.isEmpty() ? null : permissions;
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** These options with other explicit routes. */
    public ClusterOptions withRoutes(List<URI> next) {
        return new ClusterOptions(name, host, port, username, password, authTimeout, next, noAdvertise,
                connectRetries, advertise, tls, permissions);
    }

    /** These options with another tls block (null: plain TCP). */
    public ClusterOptions withTls(TlsOptions next) {
        return new ClusterOptions(name, host, port, username, password, authTimeout, routes, noAdvertise,
                connectRetries, advertise, next, permissions);
    }

    /** These options with other permissions (null: none). */
    public ClusterOptions withPermissions(Permissions next) {
        return new ClusterOptions(name, host, port, username, password, authTimeout, routes, noAdvertise,
                connectRetries, advertise, tls, next);
    }

    /** True when this server accepts or solicits routes. */
    public boolean enabled() {
        return port != 0 || !routes.isEmpty();
    }
}
