package io.jnatsd.route;

import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.ReloadException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config reload of the cluster's explicit routes, as nats-server's routesOption: solicit added, close removed. */
class RouteReloadTest {

    /** With these routes instead of the server's current ones; everything else unchanged. */
    private static ServerOptions withRoutes(NatsServer s, String name, String... routes) {
        ClusterOptions c = s.options().cluster();
        List<URI> r = java.util.Arrays.stream(routes).map(URI::create).toList();
        return s.options().toBuilder()
                .cluster(new ClusterOptions(name, c.host(), c.port(), c.username(), c.password(), c.authTimeout(),
                        r, c.noAdvertise(), c.connectRetries(), c.advertise(), c.tls(), c.permissions()))
                .build();
    }

    @Test
    void addedRouteIsSolicitedAndRemovedRouteIsClosedAndNotRetried() throws Exception {
        try (Node a = Node.start("A", 0); Node b = Node.start("B", 0)) {
            assertEquals(0, a.server.routeCount());

            a.server.reload(withRoutes(a.server, "T", b.routeUrl()));
            Node.await("A and B routed after the reload", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
            assertEquals(Set.of(b.server.serverId()), a.server.routes().stream()
                    .map(RouteSnapshot::remoteId).collect(java.util.stream.Collectors.toSet()));
            assertTrue(a.server.routes().get(0).configured(), "A dialled B as a configured route");

            a.server.reload(withRoutes(a.server, "T"));
            Node.await("route closed on both sides", () -> a.server.routeCount() == 0 && b.server.routeCount() == 0);
            // a reconnect would come after RECONNECT_DELAY_MS plus jitter: watch for twice that long
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * RouteManager.RECONNECT_DELAY_MS);
            while (System.nanoTime() - until < 0) {
                assertEquals(0, a.server.routeCount(), "A reconnected to a removed route");
                assertEquals(0, b.server.routeCount(), "B got a route back");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertEquals(List.of(), a.server.options().cluster().routes());
        }
    }

    @Test
    void routeToAServerNotYetUpIsDroppedFromTheReconnectLoopWhenRemoved() throws Exception {
        try (Node a = Node.start("A", 0); Node b = Node.start("B", 0)) {
            String bUrl = b.routeUrl();
            int bPort = b.server.clusterPort();
            b.close();
            a.server.reload(withRoutes(a.server, "T", bUrl));
            a.server.reload(withRoutes(a.server, "T"));
            // B comes back on the same port; A must not dial it any more
            try (Node b2 = Node.start("B2", bPort)) {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * RouteManager.CONNECT_DELAY_MS
                        + RouteManager.DIAL_TIMEOUT_MS);
                while (System.nanoTime() - until < 0) {
                    assertEquals(0, b2.server.routeCount(), "A kept soliciting a removed route");
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
        }
    }

    @Test
    void routesChangeTogetherWithARefusedChangeAppliesNothing() throws Exception {
        try (Node a = Node.start("A", 0); Node b = Node.start("B", 0)) {
            ClusterOptions c = a.server.options().cluster();
            ServerOptions movedPort = a.server.options().toBuilder().cluster(new ClusterOptions("OTHER", c.host(), 1,
                    c.username(), c.password(), c.authTimeout(), List.of(URI.create(b.routeUrl())), c.noAdvertise(),
                    c.connectRetries(), c.advertise(), c.tls(), c.permissions())).build();
            ReloadException e = assertThrows(ReloadException.class, () -> a.server.reload(movedPort));
            assertTrue(e.getMessage().contains("cluster port"), e.getMessage());
            assertEquals(List.of(), a.server.options().cluster().routes());
            assertEquals("T", a.server.clusterName());
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RouteManager.CONNECT_DELAY_MS);
            while (System.nanoTime() - until < 0) {
                assertEquals(0, b.server.routeCount(), "the refused reload solicited a route");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private static ServerOptions withCluster(NatsServer s, java.util.function.UnaryOperator<ClusterOptions> change) {
        return s.options().toBuilder().cluster(change.apply(s.options().cluster())).build();
    }

    private static ClusterOptions named(ClusterOptions c, String name) {
        return new ClusterOptions(name, c.host(), c.port(), c.username(), c.password(), c.authTimeout(), c.routes(),
                c.noAdvertise(), c.connectRetries(), c.advertise(), c.tls(), c.permissions());
    }

    private static ClusterOptions credentials(ClusterOptions c, String user, String pass) {
        return new ClusterOptions(c.name(), c.host(), c.port(), user, pass, c.authTimeout(), c.routes(),
                c.noAdvertise(), c.connectRetries(), c.advertise(), c.tls(), c.permissions());
    }

    @Test
    void renamingOneNodeSplitsItFromTheClusterUntilThePeerIsRenamedToo() throws Exception {
        try (Node a = Node.start("A", 0); Node b = Node.start("B", 0, a.routeUrl())) {
            Node.await("A and B routed", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
            a.server.reload(withCluster(a.server, c -> named(c, "U")));
            assertEquals("U", a.server.clusterName());
            Node.await("the route closed on the name conflict", () -> a.server.routeCount() == 0
                    && b.server.routeCount() == 0);
            b.server.reload(withCluster(b.server, c -> named(c, "U")));
            Node.await("B's explicit route back once both are U", () -> a.server.routeCount() == 1
                    && b.server.routeCount() == 1);
        }
    }

    @Test
    void newRouteCredentialsCloseAcceptedRoutesThatNoLongerPass() throws Exception {
        try (Node a = Node.startWithAuth("A", 0, "ruser", "rpass")) {
            String aPort = String.valueOf(a.server.clusterPort());
            try (Node b = Node.start("B", 0, "nats-route://ruser:rpass@127.0.0.1:" + aPort)) {
                Node.await("A and B routed", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
                a.server.reload(withCluster(a.server, c -> credentials(c, "ruser2", "rpass2")));
                Node.await("A closed B's route, whose credentials no longer pass", () -> a.server.routeCount() == 0
                        && b.server.routeCount() == 0);
                b.server.reload(withRoutes(b.server, "T", "nats-route://ruser2:rpass2@127.0.0.1:" + aPort));
                Node.await("B back with the new credentials", () -> a.server.routeCount() == 1
                        && b.server.routeCount() == 1);
            }
        }
    }
}
