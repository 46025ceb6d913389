package io.jnatsd.junit;

import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JnatsdCluster}: N servers, node 0 the seed, every other node routed to it. */
@JnatsdCluster(nodes = 3, name = "test-cluster")
class ClusterTest {

    @InjectServer
    RunningCluster cluster;

    @Test
    void startsEveryNodeOnItsOwnClientPort() {
        assertEquals(3, cluster.size());
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < cluster.size(); i++) {
            NatsServer node = cluster.node(i);
            assertTrue(node.isRunning());
            assertEquals("test-cluster-" + i, node.serverName());
            ports.add(node.port());
        }
        assertEquals(3, ports.size());
    }

    @Test
    void everyNodeButTheSeedRoutesToTheSeed() {
        NatsServer seed = cluster.node(0);
        assertEquals(List.of(), seed.options().cluster().routes());
        URI seedUrl = URI.create("nats-route://127.0.0.1:" + seed.clusterPort());
        for (int i = 1; i < cluster.size(); i++) {
            assertEquals(List.of(seedUrl), cluster.node(i).options().cluster().routes());
        }
    }

    @Test
    void theTestStartsOnAFormedCluster() {
        for (NatsServer node : cluster.nodes()) {
            assertEquals("test-cluster", node.clusterName());
            assertEquals(cluster.size() - 1, node.routeCount(), node.serverName() + " routes to every other node");
        }
    }

    @Test
    void urlListsEveryNodeAndJnatsAcceptsIt(@ServerUrl String url) throws Exception {
        assertEquals(String.join(",", cluster.clientUrls()), url);
        try (Connection c = Clients.connect(url)) {
            c.flush(Clients.TIMEOUT);
            assertTrue(cluster.clientUrls().stream().anyMatch(u -> u.endsWith(":" + c.getServerInfo().getPort())));
        }
    }

    @Test
    void messagePublishedOnTheSeedReachesASubscriberOnAnotherNode() throws Exception {
        assertDelivered(cluster.node(0), cluster.node(2), "from.seed");
    }

    @Test
    void messageCrossesTheRouteThatGossipMade() throws Exception {
        // nodes 1 and 2 were only told about the seed; their route comes from gossip
        assertDelivered(cluster.node(1), cluster.node(2), "via.gossip");
    }

    private static void assertDelivered(NatsServer from, NatsServer to, String subject) throws Exception {
        try (Connection sub = Clients.connect(to.clientUrl()); Connection pub = Clients.connect(from.clientUrl())) {
            Subscription s = sub.subscribe(subject);
            sub.flush(Clients.TIMEOUT);
            // interest reaches the other node asynchronously: probe until it has (a bounded poll), then send
            long deadline = System.nanoTime() + Clients.TIMEOUT.toNanos();
            Message probe = null;
            while (probe == null && System.nanoTime() - deadline < 0) {
                pub.publish(subject, Clients.bytes("probe"));
                probe = s.nextMessage(Duration.ofMillis(50));
            }
            assertNotNull(probe, from.serverName() + " never learned of the subscription on " + to.serverName());
            pub.publish(subject, Clients.bytes("hello"));
            Message m;
            do {
                m = Clients.next(s); // skip probes still in flight
            } while (Clients.text(m).equals("probe"));
            assertEquals("hello", Clients.text(m));
        }
    }
}
