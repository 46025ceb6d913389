package io.jnatsd.cli;

import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.tls.ServerTls;
import io.jnatsd.tls.TlsOptions;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Applies the given flags on top of the config file's options, as nats-server merges them. */
final class FlagOverrides {
    private FlagOverrides() {
    }

    static void apply(Flags f, ServerOptions.Builder b) {
        if (f.host != null) {
            b.host(f.host);
        }
        if (f.port != null) {
            b.port(f.port);
        }
        if (f.name != null) {
            b.serverName(f.name);
        }
        if (f.pidFile != null) {
            b.pidFile(f.pidFile);
        }
        if (f.httpPort != null) {
            b.httpPort(f.httpPort);
        }
        if (f.httpsPort != null) {
            b.httpsPort(f.httpsPort);
        }
        if (f.clientAdvertise != null) {
            b.clientAdvertise(f.clientAdvertise);
        }
        if (f.portsFileDir != null) {
            b.portsFileDir(f.portsFileDir);
        }
        if (f.logFile != null) {
            b.logFile(f.logFile);
        }
        if (f.logtime != null) {
            b.logtime(f.logtime);
        }
        if (f.syslog != null) {
            b.syslog(f.syslog);
        }
        if (f.remoteSyslog != null) {
            b.remoteSyslog(f.remoteSyslog);
        }
        if (f.debug != null) {
            b.debug(f.debug);
        }
        if (f.trace != null) {
            b.trace(f.trace);
        }
        if (f.verboseTrace) {
            b.trace(true);
        }
        if (f.debugAndTrace || f.debugAndVerboseTrace) {
            b.debug(true).trace(true);
        }
        if (f.logSizeLimit != null) {
            b.logSizeLimit(f.logSizeLimit);
        }
        if (f.user != null) {
            b.username(f.user);
        }
        if (f.pass != null) {
            b.password(f.pass);
        }
        if (f.auth != null) {
            b.authToken(f.auth);
        }
        applyCluster(f, b);
        applyTls(f, b);
        // nats-server: port 0 from flags or file means the default port, -1 a random one
        ServerOptions probe = b.build();
        if (probe.port() == 0) {
            b.port(ServerOptions.DEFAULT_PORT);
        }
    }

    /**
     * nats-server's overrideTLS: {@code --tls=false} removes TLS; any other TLS flag replaces the
     * file's tls block with one made of the flags alone (keeping only its timeout), and then
     * needs both a certificate and a key.
     */
    private static void applyTls(Flags f, ServerOptions.Builder b) {
        if (Boolean.FALSE.equals(f.tls)) {
            b.tls(null);
            return;
        }
        if (f.tls == null && f.tlsCert == null && f.tlsKey == null && f.tlsCaCert == null && f.tlsVerify == null) {
            return;
        }
        if (f.tlsCert == null) {
            throw new IllegalArgumentException("TLS Server certificate must be present and valid");
        }
        if (f.tlsKey == null) {
            throw new IllegalArgumentException("TLS Server private key must be present and valid");
        }
        TlsOptions file = b.tls();
        TlsOptions tls = TlsOptions.of(f.tlsCert, f.tlsKey, f.tlsCaCert, Boolean.TRUE.equals(f.tlsVerify),
                file == null ? null : file.timeout());
        try {
            ServerTls.load(tls);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        b.tls(tls);
    }

    private static void applyCluster(Flags f, ServerOptions.Builder b) {
        if (f.routes == null && f.cluster == null && f.clusterName == null && f.noAdvertise == null
                && f.clusterAdvertise == null && f.connectRetries == null) {
            return;
        }
        ClusterOptions c = b.cluster();
        String name = f.clusterName != null ? f.clusterName : c.name();
        String host = c.host();
        int port = c.port();
        String user = c.username();
        String pass = c.password();
        if (f.cluster != null) {
            URI u = parseUrl(f.cluster, "--cluster");
            host = u.getHost() != null ? u.getHost() : host;
            port = u.getPort() >= 0 ? u.getPort() : port;
            if (u.getUserInfo() != null) {
                String[] up = u.getUserInfo().split(":", 2);
                user = up[0];
                pass = up.length > 1 ? up[1] : null;
            }
        }
        List<URI> routes = c.routes();
        if (f.routes != null) {
            routes = new ArrayList<>();
            for (String r : f.routes.split(",")) {
                if (!r.isBlank()) {
                    routes.add(parseUrl(r.trim(), "--routes"));
                }
            }
        }
        boolean noAdvertise = f.noAdvertise != null ? f.noAdvertise : c.noAdvertise();
        int retries = f.connectRetries != null ? f.connectRetries : c.connectRetries();
        String advertise = f.clusterAdvertise != null ? f.clusterAdvertise : c.advertise();
        b.cluster(new ClusterOptions(name, host, port, user, pass, c.authTimeout(), routes, noAdvertise, retries, advertise,
                c.tls(), c.permissions()));
    }

    private static URI parseUrl(String s, String flag) {
        try {
            URI u = URI.create(s);
            if (u.getHost() == null) {
                throw new IllegalArgumentException(flag + ": not a URL with a host: " + s);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": invalid URL " + s + ": " + e.getMessage(), e);
        }
    }
}
