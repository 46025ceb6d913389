package io.jnatsd.route;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three jnatsd servers in one JVM, meshed from one seed: routing, interest, queues, failover. */
class ClusterTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Node a;
    private Node b;
    private Node c;

    @BeforeEach
    void meshFromOneSeed() throws Exception {
        a = node(Node.start("A", 0));
        b = node(Node.start("B", 0, a.routeUrl()));
        c = node(Node.start("C", 0, a.routeUrl()));
        awaitMesh(a, b, c);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private Node node(Node n) {
        closeables.add(n);
        return n;
    }

    private Connection connect(Node n) throws Exception {
        Connection nc = Nats.connect(new Options.Builder().server(n.clientUrl()).build());
        closeables.add(nc);
        return nc;
    }

    private static void awaitMesh(Node... nodes) {
        for (Node n : nodes) {
            Node.await(n.server.serverName() + " routed to the " + (nodes.length - 1) + " others",
                    () -> n.server.routeCount() == nodes.length - 1);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void gossipFormsAFullMeshFromOneSeedUrl() {
        // C only knew A, yet it has a route to B (learned from A's INFO)
        assertEquals(2, c.server.routeCount());
        assertEquals(Set.of(a.server.serverId(), c.server.serverId()),
                Set.copyOf(b.server.routes().stream().map(RouteSnapshot::remoteId).toList()));
    }

    @Test
    void messagesReachSubscribersOnOtherNodesOnceWithWildcards() throws Exception {
        Connection pub = connect(a);
        Connection subB = connect(b);
        Connection subC = connect(c);
        Subscription sb = subB.subscribe("orders.*");
        Subscription sc = subC.subscribe("orders.>");
        subB.flush(Duration.ofSeconds(2));
        subC.flush(Duration.ofSeconds(2));
        Node.await("A sees both remote interests", () -> a.interest("orders.new") == 2);

        pub.publish("orders.new", bytes("hello"));
        pub.publish("orders.new.eu", bytes("only >"));
        pub.flush(Duration.ofSeconds(2));

        Message m = sb.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));
        assertEquals("hello", new String(sc.nextMessage(Duration.ofSeconds(5)).getData(), StandardCharsets.UTF_8));
        assertEquals("only >", new String(sc.nextMessage(Duration.ofSeconds(5)).getData(), StandardCharsets.UTF_8));
        // no second copy through the third node: routed messages are never forwarded
        assertNull(sb.nextMessage(Duration.ofMillis(300)));
        assertNull(sc.nextMessage(Duration.ofMillis(100)));
    }

    private static long sentTo(Node from, Node to) {
        return from.server.routes().stream().filter(r -> r.remoteId().equals(to.server.serverId()))
                .mapToLong(RouteSnapshot::outMsgs).sum();
    }

    @Test
    void onlyMessagesWithRemoteInterestCrossARouteAndRoutedOnesAreNeverForwarded() throws Exception {
        Connection subB = connect(b);
        Subscription s = subB.subscribe("only.b");
        subB.flush(Duration.ofSeconds(2));
        Node.await("A sees B's interest", () -> a.interest("only.b") == 1);
        Connection pub = connect(a);
        for (int i = 0; i < 10; i++) {
            pub.publish("only.b", bytes("m"));
            pub.publish("nobody.cares", bytes("m"));
        }
        pub.flush(Duration.ofSeconds(2));
        for (int i = 0; i < 10; i++) {
            assertNotNull(s.nextMessage(Duration.ofSeconds(5)));
        }
        assertEquals(10, sentTo(a, b));
        assertEquals(0, sentTo(a, c));
        assertEquals(0, sentTo(b, c));
        assertEquals(0, sentTo(b, a));
    }

    @Test
    void unsubscribeRemovesRemoteInterest() throws Exception {
        Connection subB = connect(b);
        Subscription s = subB.subscribe("gone");
        subB.flush(Duration.ofSeconds(2));
        Node.await("A sees B's interest", () -> a.interest("gone") == 1);
        s.unsubscribe();
        subB.flush(Duration.ofSeconds(2));
        Node.await("A forgets B's interest", () -> a.interest("gone") == 0);
        Node.await("C forgets B's interest", () -> c.interest("gone") == 0);
    }

    @Test
    void queueGroupGetsEachMessageExactlyOnceAcrossTheCluster() throws Exception {
        Connection pub = connect(a);
        AtomicInteger total = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        for (Node n : List.of(b, c)) {
            for (int i = 0; i < 2; i++) {
                Connection nc = connect(n);
                Dispatcher d = nc.createDispatcher(msg -> {
                    total.incrementAndGet();
                    if (!seen.add(new String(msg.getData(), StandardCharsets.UTF_8))) {
                        duplicates.incrementAndGet();
                    }
                });
                d.subscribe("work", "workers");
                nc.flush(Duration.ofSeconds(2));
            }
        }
        Node.await("A sees the group on B and C", () -> a.interest("work") == 2);
        int n = 200;
        for (int i = 0; i < n; i++) {
            pub.publish("work", bytes("job-" + i));
        }
        pub.flush(Duration.ofSeconds(2));
        Node.await("all jobs delivered", () -> total.get() >= n);
        Thread.sleep(200);
        assertEquals(n, total.get());
        assertEquals(0, duplicates.get());
    }

    @Test
    void queueGroupPrefersLocalMembers() throws Exception {
        Connection remote = connect(b);
        AtomicInteger remoteCount = new AtomicInteger();
        remote.createDispatcher(m -> remoteCount.incrementAndGet()).subscribe("jobs", "g");
        remote.flush(Duration.ofSeconds(2));
        Connection local = connect(a);
        Subscription localSub = local.subscribe("jobs", "g");
        local.flush(Duration.ofSeconds(2));
        Node.await("A sees B's member", () -> a.interest("jobs") == 2);
        for (int i = 0; i < 50; i++) {
            local.publish("jobs", bytes("x"));
        }
        local.flush(Duration.ofSeconds(2));
        for (int i = 0; i < 50; i++) {
            assertNotNull(localSub.nextMessage(Duration.ofSeconds(5)));
        }
        assertEquals(0, remoteCount.get());
    }

    @Test
    void requestReplyAcrossNodes() throws Exception {
        Connection responder = connect(c);
        responder.createDispatcher(m -> responder.publish(m.getReplyTo(), bytes("pong:" + new String(m.getData(),
                StandardCharsets.UTF_8)))).subscribe("svc.echo");
        responder.flush(Duration.ofSeconds(2));
        Node.await("B sees the service", () -> b.interest("svc.echo") == 1);
        Connection requester = connect(b);
        Message reply = requester.request("svc.echo", bytes("ping"), Duration.ofSeconds(5));
        assertNotNull(reply);
        assertEquals("pong:ping", new String(reply.getData(), StandardCharsets.UTF_8));
    }

    @Test
    void headersCrossRoutes() throws Exception {
        Connection sub = connect(b);
        Subscription s = sub.subscribe("h");
        sub.flush(Duration.ofSeconds(2));
        Node.await("A sees B's interest", () -> a.interest("h") == 1);
        Connection pub = connect(a);
        io.nats.client.impl.Headers h = new io.nats.client.impl.Headers().add("k", "v");
        pub.publish("h", h, bytes("body"));
        Message m = s.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("v", m.getHeaders().getFirst("k"));
        assertEquals("body", new String(m.getData(), StandardCharsets.UTF_8));
    }

    @Test
    void restartedNodeRejoinsAndInterestIsRestored() throws Exception {
        Connection subA = connect(a);
        Subscription sa = subA.subscribe("back");
        subA.flush(Duration.ofSeconds(2));
        Node.await("C sees A's interest", () -> c.interest("back") == 1);
        int cport = c.server.clusterPort();
        c.close();
        Node.await("A and B drop C", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);

        Node c2 = node(Node.start("C", cport, a.routeUrl()));
        awaitMesh(a, b, c2);
        Node.await("restarted C learns A's interest", () -> c2.interest("back") == 1);
        Connection pub = connect(c2);
        pub.publish("back", bytes("again"));
        pub.flush(Duration.ofSeconds(2));
        Message m = sa.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("again", new String(m.getData(), StandardCharsets.UTF_8));

        // and C's new interest reaches the others
        Subscription sc = pub.subscribe("toc");
        pub.flush(Duration.ofSeconds(2));
        Node.await("B sees restarted C's interest", () -> b.interest("toc") == 1);
    }

    @Test
    void clientsLearnTheClusterAndFailOverThroughConnectUrls() throws Exception {
        AtomicInteger reconnects = new AtomicInteger();
        Connection nc = Nats.connect(new Options.Builder().server(b.clientUrl())
                .reconnectWait(Duration.ofMillis(50)).maxReconnects(-1)
                .connectionListener((conn, ev) -> {
                    if (ev == io.nats.client.ConnectionListener.Events.RECONNECTED) {
                        reconnects.incrementAndGet();
                    }
                }).build());
        closeables.add(nc);
        Node.await("client learned the other servers", () -> nc.getServers().size() >= 3);

        Subscription s = nc.subscribe("after.failover");
        nc.flush(Duration.ofSeconds(2));
        b.close();
        Node.await("client reconnected elsewhere", () -> reconnects.get() >= 1
                && nc.getStatus() == Connection.Status.CONNECTED);
        Node.await("interest re-registered", () -> a.interest("after.failover") >= 1
                && c.interest("after.failover") >= 1);
        Connection pub = connect(a);
        pub.publish("after.failover", bytes("still here"));
        pub.flush(Duration.ofSeconds(2));
        Message m = s.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m);
        assertTrue(nc.getConnectedUrl().contains(String.valueOf(a.server.port()))
                || nc.getConnectedUrl().contains(String.valueOf(c.server.port())));
    }
}
