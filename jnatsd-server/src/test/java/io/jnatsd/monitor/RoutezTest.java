package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnatsd.config.ClusterOptions;
import io.nats.client.Connection;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /routez, the route fields of /varz and the per-route metrics on a two-node in-process
 * cluster: B solicits A (a configured route), a jnats subscriber sits on A, a publisher on B.
 */
class RoutezTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MonitoredServer a;
    private MonitoredServer b;

    @BeforeEach
    void cluster() throws Exception {
        a = node("A", List.of());
        b = node("B", List.of(URI.create("nats-route://127.0.0.1:" + a.server().clusterPort())));
        Await.until("A and B routed", () -> a.server().routeCount() == 1 && b.server().routeCount() == 1);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private MonitoredServer node(String name, List<URI> routes) throws Exception {
        ClusterOptions c = new ClusterOptions("M", "127.0.0.1", -1, null, null, null, routes, false, 0, null, null, null);
        MonitoredServer s = MonitoredServer.start(o -> o.serverName(name).cluster(c));
        closeables.add(s);
        return s;
    }

    private Connection connect(MonitoredServer s, String name) throws Exception {
        Connection nc = s.connect(name);
        closeables.add(nc);
        return nc;
    }

    @Test
    void routezShowsTheRouteFromBothSides() throws Exception {
        JsonNode ra = a.json("/routez");
        JsonNode rb = b.json("/routez");
        assertEquals(a.server().serverId(), ra.get("server_id").asText());
        assertEquals(1, ra.get("num_routes").asInt());
        assertEquals(1, rb.get("num_routes").asInt());
        JsonNode toB = ra.get("routes").get(0);
        JsonNode toA = rb.get("routes").get(0);
        assertEquals(b.server().serverId(), toB.get("remote_id").asText());
        assertEquals(a.server().serverId(), toA.get("remote_id").asText());
        // B dialled A's configured URL; A accepted
        assertTrue(toA.get("did_solicit").asBoolean());
        assertTrue(toA.get("is_configured").asBoolean());
        assertFalse(toB.get("did_solicit").asBoolean());
        assertFalse(toB.get("is_configured").asBoolean());
        assertEquals(a.server().clusterPort(), toA.get("port").asInt());
        assertEquals("127.0.0.1", toA.get("ip").asText());
        assertEquals(List.of("rid", "remote_id", "did_solicit", "is_configured", "ip", "port", "start",
                "last_activity", "rtt", "uptime", "idle", "pending_size", "in_msgs", "out_msgs", "in_bytes",
                "out_bytes", "subscriptions"), keys(toA));
        assertTrue(toA.get("rtt").asText().endsWith("s"), toA.get("rtt").asText());
        // no lists unless asked
        assertNull(toA.get("subscriptions_list"));
        assertNull(toA.get("subscriptions_list_detail"));
    }

    @Test
    void subscriptionsOfThePeerAreListedAndCountersMove() throws Exception {
        Connection sub = connect(a, "sub");
        Subscription plain = sub.subscribe("orders.>");
        Subscription queued = sub.subscribe("work", "q");
        sub.flush(MonitoredServer.TIMEOUT);
        Await.until("B saw A's interest", () -> b.monitor().routez(RoutezOptions.DEFAULT).routes().get(0)
                .subscriptions() == 2);

        JsonNode one = b.json("/routez?subs=1").get("routes").get(0);
        assertEquals(2, one.get("subscriptions").asInt());
        List<String> subjects = new ArrayList<>();
        one.get("subscriptions_list").forEach(n -> subjects.add(n.asText()));
        subjects.sort(null);
        assertEquals(List.of("orders.>", "work"), subjects);
        assertNull(one.get("subscriptions_list_detail"));

        JsonNode detail = b.json("/routez?subs=detail").get("routes").get(0);
        assertNull(detail.get("subscriptions_list"));
        Map<String, JsonNode> bySubject = new TreeMap<>();
        detail.get("subscriptions_list_detail").forEach(n -> bySubject.put(n.get("subject").asText(), n));
        assertEquals(List.of("orders.>", "work"), List.copyOf(bySubject.keySet()));
        long rid = detail.get("rid").asLong();
        JsonNode o = bySubject.get("orders.>");
        assertEquals("$G orders.>", o.get("sid").asText());
        assertEquals(rid, o.get("cid").asLong());
        assertNull(o.get("qgroup"));
        assertNull(o.get("account"));
        assertEquals(List.of("subject", "sid", "msgs", "cid"), keys(o));
        JsonNode w = bySubject.get("work");
        assertEquals("q", w.get("qgroup").asText());
        assertEquals("$G work q", w.get("sid").asText());

        // A's side of the route has no remote interest from B (B has no subscribers)
        assertEquals(0, a.json("/routez?subs=1").get("routes").get(0).get("subscriptions").asInt());
        assertNull(a.json("/routez?subs=1").get("routes").get(0).get("subscriptions_list"));

        JsonNode before = b.json("/routez").get("routes").get(0);
        Connection pub = connect(b, "pub");
        for (int i = 0; i < 5; i++) {
            pub.publish("orders.new", new byte[10]);
        }
        pub.publish("work", new byte[7]);
        pub.flush(MonitoredServer.TIMEOUT);
        for (int i = 0; i < 5; i++) {
            assertNotNull(plain.nextMessage(MonitoredServer.TIMEOUT));
        }
        assertNotNull(queued.nextMessage(MonitoredServer.TIMEOUT));

        JsonNode out = b.json("/routez").get("routes").get(0);
        assertEquals(6, out.get("out_msgs").asLong() - before.get("out_msgs").asLong());
        assertEquals(57, out.get("out_bytes").asLong() - before.get("out_bytes").asLong());
        Await.until("A counted the messages in", () -> a.monitor().routez(RoutezOptions.DEFAULT).routes().get(0)
                .inMsgs() >= 6);
        JsonNode in = a.json("/routez").get("routes").get(0);
        assertEquals(6, in.get("in_msgs").asLong());
        assertEquals(57, in.get("in_bytes").asLong());

        // the subscriber leaving removes the interest on B
        sub.close();
        Await.until("B dropped A's interest", () -> b.monitor().routez(RoutezOptions.DEFAULT).routes().get(0)
                .subscriptions() == 0);
        assertNull(b.json("/routez?subs=detail").get("routes").get(0).get("subscriptions_list_detail"));
    }

    @Test
    void varzShowsRoutesClusterAndConnectUrls() throws Exception {
        JsonNode v = b.json("/varz");
        assertEquals(1, v.get("routes").asInt());
        assertEquals(1, v.get("remotes").asInt());
        JsonNode c = v.get("cluster");
        assertEquals(List.of("name", "addr", "cluster_port", "auth_timeout", "urls", "tls_timeout"), keys(c));
        assertEquals("M", c.get("name").asText());
        assertEquals("127.0.0.1", c.get("addr").asText());
        assertEquals(b.server().clusterPort(), c.get("cluster_port").asInt());
        assertEquals(2, c.get("auth_timeout").asInt());
        assertEquals(2, c.get("tls_timeout").asInt());
        assertEquals("127.0.0.1:" + a.server().clusterPort(), c.get("urls").get(0).asText());
        List<String> urls = new ArrayList<>();
        v.get("connect_urls").forEach(n -> urls.add(n.asText()));
        assertEquals(List.of("127.0.0.1:" + b.server().port(), "127.0.0.1:" + a.server().port()), urls);

        // A has no configured routes: no urls key
        JsonNode ca = a.json("/varz").get("cluster");
        assertEquals(List.of("name", "addr", "cluster_port", "auth_timeout", "tls_timeout"), keys(ca));
        assertEquals(1, a.json("/varz").get("routes").asInt());
    }

    @Test
    void varzOfAClusterWithoutRoutesHasNoConnectUrls() throws Exception {
        MonitoredServer lone = node("L", List.of());
        JsonNode v = lone.json("/varz");
        assertEquals(0, v.get("routes").asInt());
        assertNull(v.get("connect_urls"));
        assertEquals(lone.server().clusterPort(), v.get("cluster").get("cluster_port").asInt());
        assertEquals(0, lone.json("/routez").get("num_routes").asInt());
        assertTrue(lone.json("/routez").get("routes").isArray());
    }

    @Test
    void metricsHavePerRouteSeries() throws Exception {
        Connection sub = connect(a, "sub");
        sub.subscribe("x");
        sub.flush(MonitoredServer.TIMEOUT);
        Await.until("B saw A's interest", () -> b.monitor().routez(RoutezOptions.DEFAULT).routes().get(0)
                .subscriptions() == 1);
        Connection pub = connect(b, "pub");
        pub.publish("x", new byte[4]);
        pub.flush(MonitoredServer.TIMEOUT);
        String text = b.get("/metrics").body();
        long rid = b.monitor().routez(RoutezOptions.DEFAULT).routes().get(0).rid();
        String id = "server_id=\"" + b.server().serverId() + "\",rid=\"" + rid + "\"";
        assertTrue(text.contains("gnatsd_routez_num_routes{server_id=\"" + b.server().serverId() + "\"} 1\n"), text);
        assertTrue(text.contains("gnatsd_varz_routes{server_id=\"" + b.server().serverId() + "\"} 1\n"), text);
        assertTrue(text.contains("gnatsd_routez_route_out_msgs{" + id + "} 1\n"), text);
        assertTrue(text.contains("gnatsd_routez_route_out_bytes{" + id + "} 4\n"), text);
        assertTrue(text.contains("gnatsd_routez_route_subscriptions{" + id + "} 1\n"), text);
        assertTrue(text.contains("gnatsd_routez_route_info{" + id + ",remote_id=\"" + a.server().serverId() + "\""),
                text);
        assertTrue(text.contains("gnatsd_routez_route_rtt_seconds{" + id + "} "), text);
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            k.add(it.next());
        }
        return k;
    }
}
