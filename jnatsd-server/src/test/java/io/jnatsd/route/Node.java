package io.jnatsd.route;

import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import io.jnatsd.sublist.Subscription;
import io.jnatsd.tls.TlsOptions;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.fail;

/** A clustered jnatsd server for tests: 127.0.0.1, client port 0, a given or ephemeral cluster port. */
final class Node implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final NatsServer server;

    private Node(NatsServer server) {
        this.server = server;
    }

    static Node start(String name, int clusterPort, String... routes) throws IOException {
        return startWithAuth(name, clusterPort, null, null, routes);
    }

    static Node startWithAuth(String name, int clusterPort, String user, String pass, String... routes) throws IOException {
        return startInCluster(name, "T", clusterPort, user, pass, routes);
    }

    /** {@code clusterName} null: a dynamic name, as when the config gives none. */
    static Node startInCluster(String name, String clusterName, int clusterPort, String user, String pass,
                               String... routes) throws IOException {
        return startWith(name, clusterName, clusterPort, user, pass, null, Log.NONE, routes);
    }

    /** A node in cluster "T" whose routes use {@code tls}, logging to {@code log}. */
    static Node startWithTls(String name, TlsOptions tls, Log log, String... routes) throws IOException {
        return startWith(name, "T", 0, null, null, tls, log, routes);
    }

    /** A node in cluster "T" whose cluster block is {@code change}d from the plain one. */
    static Node startWith(String name, UnaryOperator<ClusterOptions> change, String... routes) throws IOException {
        List<URI> r = new ArrayList<>();
        for (String s : routes) {
            r.add(URI.create(s));
        }
        ClusterOptions c = change.apply(new ClusterOptions("T", "127.0.0.1", -1, null, null, null, r, false, 0, null,
                null, null));
        ServerOptions o = ServerOptions.builder().host("127.0.0.1").port(0).serverName(name).cluster(c).build();
        return new Node(new NatsServer(o, Log.NONE).start());
    }

    private static Node startWith(String name, String clusterName, int clusterPort, String user, String pass,
                                  TlsOptions tls, Log log, String... routes) throws IOException {
        List<URI> r = new ArrayList<>();
        for (String s : routes) {
            r.add(URI.create(s));
        }
        ClusterOptions c = new ClusterOptions(clusterName, "127.0.0.1", clusterPort == 0 ? -1 : clusterPort,
                user, pass, null, r, false, 0, null, tls, null);
        ServerOptions o = ServerOptions.builder().host("127.0.0.1").port(0).serverName(name).cluster(c).build();
        return new Node(new NatsServer(o, log).start());
    }

    String clientUrl() {
        return server.clientUrl();
    }

    String routeUrl() {
        return "nats-route://127.0.0.1:" + server.clusterPort();
    }

    /** Interest entries (local or remote) the server's index has for a literal subject. */
    int interest(String subject) {
        var r = server.sublist().match(subject);
        int n = r.psubs.length;
        for (Subscription[] g : r.qsubs) {
            n += g.length;
        }
        return n;
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + TIMEOUT.toMillis() + " ms waiting for: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
