package io.jnatsd.config;

import io.jnatsd.auth.Permissions;
import io.jnatsd.config.ConfigValue.Text;
import io.jnatsd.tls.TlsOptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The {@code cluster} block (nats-server's parseCluster) into {@link ClusterOptions}. */
final class ClusterMapper {

    private final EntryReader read;
    private final AuthorizationMapper authorization;
    private final TlsMapper tlsMapper;
    private final PermissionsMapper permissionsMapper;

    ClusterMapper(EntryReader read) {
        this.read = read;
        this.authorization = new AuthorizationMapper(read);
        this.tlsMapper = new TlsMapper(read);
        this.permissionsMapper = new PermissionsMapper(read);
    }

    Optional<ClusterOptions> map(ConfigEntry e) {
        if (!(e.value() instanceof ConfigTable table)) {
            read.error(e, "Expected map to define cluster, got " + e.value().kind());
            return Optional.empty();
        }
        String name = null;
        String host = null;
        int port = 0;
        String username = null;
        String password = null;
        Duration authTimeout = null;
        List<URI> routes = List.of();
        boolean noAdvertise = false;
        int connectRetries = 0;
        String advertise = null;
        TlsOptions tls = null;
        Permissions permissions = null;
        Permissions authorizationPermissions = null;
        for (ConfigEntry c : table.entries()) {
            switch (c.key().toLowerCase(Locale.ROOT)) {
                case "name" -> name = read.string(c).orElse(name);
                case "listen" -> {
                    Optional<HostPort> hp = read.listen(c);
                    if (hp.isPresent()) {
                        host = hp.get().host().isEmpty() ? host : hp.get().host();
                        port = hp.get().port();
                    }
                }
                case "port" -> port = read.port(c).orElse(port);
                case "host", "net" -> host = read.string(c).orElse(host);
                case "authorization" -> {
                    AuthorizationMapper.Block auth = authorization.map(c);
                    if (auth == null) {
                        continue;
                    }
                    if (auth.users() != null) {
                        read.error(c, "Cluster authorization does not allow multiple users");
                    } else if (auth.token() != null) {
                        read.error(c, "Cluster authorization does not support tokens");
                    } else {
                        username = auth.user();
                        password = auth.password();
                        authTimeout = auth.timeout();
                    }
                    if (auth.defaultPermissions() != null) {
                        read.warn(c.keyPosition(), "invalid use of field " + GoSyntax.quote(c.key())
                                + ": setting \"permissions\" within cluster authorization block is deprecated");
                        authorizationPermissions = auth.defaultPermissions();
                    }
                }
                case "routes" -> routes = read.array(c).map(this::routes).orElse(routes);
                case "cluster_advertise", "advertise" -> advertise = read.string(c).orElse(advertise);
                case "no_advertise" -> noAdvertise = read.bool(c).orElse(noAdvertise);
                case "connect_retries" -> connectRetries = read.int32(c).orElse(connectRetries);
                case "tls" -> tls = tlsMapper.mapForCluster(c).orElse(tls);
                case "permissions" -> {
                    Permissions p = permissionsMapper.map(c);
                    permissions = p != null ? p : permissions;
                }
                default -> read.unknownField(c);
            }
        }
        return Optional.of(new ClusterOptions(name, host, port, username, password, authTimeout, routes,
                noAdvertise, connectRetries, advertise, tls,
                permissions != null ? permissions : authorizationPermissions));
    }

    /** Route URLs; a repeated one is dropped with nats-server's warning. */
    private List<URI> routes(List<ConfigValue> items) {
        List<URI> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigValue item : items) {
            if (!(item instanceof Text t)) {
                read.error(item.position(), "expected route url to be a string, got " + item.kind());
                continue;
            }
            if (!seen.add(t.value())) {
                read.warn(t.position(), "invalid use of field " + GoSyntax.quote(t.value())
                        + ": Duplicate route entry detected");
                continue;
            }
            String url = t.value().trim();
            try {
                out.add(new URI(url));
            } catch (URISyntaxException ex) {
                read.error(t.position(), "error parsing route url [" + GoSyntax.quote(url) + "]");
            }
        }
        return out;
    }
}
