package io.jnatsd.junit;

import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.LoadedConfig;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.log.ServerLog;
import io.jnatsd.server.NatsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Turns declarations into running servers: options from the configuration file, then from the
 * annotation, then one {@link NatsServer} per node. A failure closes whatever it had started.
 */
final class ServerStarter {

    /** Longest wait for a cluster's routes to form; on localhost it takes milliseconds. */
    static final Duration CLUSTER_FORM_TIMEOUT = Duration.ofSeconds(10);
    private static final long FORM_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private ServerStarter() {
    }

    /** Starts every declaration in order; if one fails, closes those already started. */
    static List<StartedServers> startAll(List<Declaration> declarations) {
        List<StartedServers> started = new ArrayList<>(declarations.size());
        try {
            for (Declaration d : declarations) {
                started.add(start(d));
            }
            return started;
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    static StartedServers start(Declaration d) {
        LoadedConfig loaded = d.config().isEmpty() ? null : ConfigSource.load(d);
        if (loaded != null) {
            // nats-server prints these whatever the log settings; so do we
            for (String warning : loaded.warnings()) {
                System.err.println("jnatsd " + d.describe() + ": " + warning);
            }
        }
        ServerOptions base = options(d, loaded);
        String clusterName = d.cluster() ? clusterName(d, base.cluster()) : null;
        List<NatsServer> nodes = new ArrayList<>(d.nodes());
        List<Log> logs = new ArrayList<>(d.nodes());
        try {
            URI seed = null;
            for (int i = 0; i < d.nodes(); i++) {
                ServerOptions o = d.cluster() ? node(base, clusterName, i, seed) : base;
                Log log = logFor(o);
                logs.add(log);
                NatsServer server = new NatsServer(o, log).start();
                nodes.add(server);
                if (d.cluster() && i == 0) {
                    seed = seedRoute(d, base.cluster(), server.clusterPort());
                }
            }
            if (d.cluster()) {
                awaitFullMesh(d, nodes);
            }
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof IOException io
                    ? new UncheckedIOException("cannot start jnatsd " + d.describe() + ": " + io.getMessage(), io)
                    : (RuntimeException) e;
            closeAll(nodes, logs, failure);
            throw failure;
        }
        return new StartedServers(d, clusterName, nodes, logs);
    }

    /** The file's options (or the defaults), with the annotation's attributes on top. */
    private static ServerOptions options(Declaration d, LoadedConfig loaded) {
        ServerOptions.Builder b = loaded != null ? loaded.builder() : ServerOptions.builder();
        b.host(d.host()).port(d.port());
        if (!d.name().isEmpty() && !d.cluster()) {
            b.serverName(d.name());
        }
        if (!d.user().isEmpty()) {
            b.username(d.user()).password(d.password());
        }
        if (!d.token().isEmpty()) {
            b.authToken(d.token());
        }
        if (d.maxPayload() != JnatsdServer.UNSET) {
            b.maxPayload(d.maxPayload());
        }
        if (d.maxConnections() != JnatsdServer.UNSET) {
            b.maxConnections(d.maxConnections());
        }
        if (d.debug()) {
            b.debug(true);
        }
        if (d.trace()) {
            b.trace(true);
        }
        return b.build();
    }

    private static String clusterName(Declaration d, ClusterOptions fromFile) {
        if (!d.name().isEmpty()) {
            return d.name();
        }
        return fromFile.name() != null && !fromFile.name().isEmpty() ? fromFile.name() : RunningCluster.DEFAULT_NAME;
    }

    /**
     * Node {@code index}: the seed (0) listens for routes on a port the OS chooses, the others
     * too, and route to the seed; gossip then joins every pair. The file's cluster credentials,
     * retry settings, TLS and permissions stay.
     */
    private static ServerOptions node(ServerOptions base, String clusterName, int index, URI seed) {
        ClusterOptions c = base.cluster();
        ClusterOptions nodeCluster = new ClusterOptions(clusterName, base.host(), ServerOptions.RANDOM_PORT,
                c.username(), c.password(), c.authTimeout(), index == 0 ? List.of() : List.of(seed),
                c.noAdvertise(), c.connectRetries(), c.advertise(), c.tls(), c.permissions());
        return base.toBuilder()
                .serverName(clusterName + "-" + index)
                .cluster(nodeCluster)
                .build();
    }

    /** The seed's route URL, with the file's cluster credentials if it has any. */
    private static URI seedRoute(Declaration d, ClusterOptions fromFile, int port) {
        String userInfo = fromFile.username() == null ? null
                : fromFile.username() + (fromFile.password() == null ? "" : ":" + fromFile.password());
        try {
            return new URI("nats-route", userInfo, d.host(), port, null, null, null);
        } catch (URISyntaxException e) {
            throw d.invalid("cannot form a route URL for host " + d.host() + ": " + e.getMessage());
        }
    }

    /**
     * Waits until every node has a route to every other, so a test starts on a formed cluster.
     * A bounded poll of the nodes' route counts: there is no event to wait on.
     */
    private static void awaitFullMesh(Declaration d, List<NatsServer> nodes) {
        int wanted = nodes.size() - 1;
        long deadline = System.nanoTime() + CLUSTER_FORM_TIMEOUT.toNanos();
        while (!nodes.stream().allMatch(n -> n.routeCount() >= wanted)) {
            if (System.nanoTime() - deadline > 0) {
                StringBuilder counts = new StringBuilder();
                for (NatsServer n : nodes) {
                    counts.append(counts.length() == 0 ? "" : ", ").append(n.serverName()).append(": ")
                            .append(n.routeCount());
                }
                throw new IllegalStateException("jnatsd " + d.describe() + " did not form within "
                        + CLUSTER_FORM_TIMEOUT.toMillis() + " ms: each node needs " + wanted + " routes, they have "
                        + counts);
            }
            LockSupport.parkNanos(FORM_POLL_NANOS);
        }
    }

    /** Logging on when the options ask for output (debug, trace, a file, syslog); silent otherwise. */
    private static Log logFor(ServerOptions o) {
        boolean wanted = o.debug() || o.trace() || o.logFile() != null || o.syslog() || o.remoteSyslog() != null;
        return wanted ? ServerLog.create(o) : Log.NONE;
    }

    private static void closeAll(List<NatsServer> nodes, List<Log> logs, RuntimeException failure) {
        for (int i = logs.size() - 1; i >= 0; i--) {
            try {
                if (i < nodes.size()) {
                    nodes.get(i).close();
                }
                logs.get(i).close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
