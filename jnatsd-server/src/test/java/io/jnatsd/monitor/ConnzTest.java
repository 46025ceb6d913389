package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnatsd.auth.NKeyUser;
import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.User;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /connz: paging, every sort key, subscription lists, closed connections and filters. */
class ConnzTest {
    private MonitoredServer server;
    private final List<Connection> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = MonitoredServer.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Connection c : clients) {
            c.close();
        }
        server.close();
    }

    private Connection connect(String name) throws IOException, InterruptedException {
        Connection c = server.connect(name);
        clients.add(c);
        return c;
    }

    private Connz connz(ConnzOptions.Builder b) {
        return server.monitor().connz(b.build());
    }

    private static List<String> names(Connz z) {
        return z.connections().stream().map(ConnInfo::name).toList();
    }

    /** Connections c0..c{n-1}, each with i+1 subscriptions, having published i messages of i bytes. */
    private void population(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Connection c = connect("c" + i);
            for (int s = 0; s <= i; s++) {
                c.subscribe("sub." + i + "." + s);
            }
            for (int m = 0; m < i; m++) {
                c.publish("nobody.listens", new byte[i]);
            }
            c.flush(MonitoredServer.TIMEOUT);
        }
    }

    @Test
    void pageIsTheRequestedWindowAndTotalCountsAll() throws Exception {
        population(5);
        Connz z = connz(ConnzOptions.builder().offset(1).limit(2));
        assertEquals(List.of("c1", "c2"), names(z));
        assertEquals(2, z.numConnections());
        assertEquals(5, z.total());
        assertEquals(1, z.offset());
        assertEquals(2, z.limit());

        Connz beyond = connz(ConnzOptions.builder().offset(10));
        assertEquals(0, beyond.numConnections());
        assertEquals(5, beyond.total());
        assertEquals(ConnzOptions.DEFAULT_LIMIT, beyond.limit());

        JsonNode http = server.json("/connz?offset=3&limit=10");
        assertEquals(2, http.get("num_connections").asInt());
        assertEquals("c3", http.get("connections").get(0).get("name").asText());
    }

    @Test
    void defaultsAreNatsServers() throws Exception {
        population(2);
        JsonNode z = server.json("/connz");
        assertEquals(0, z.get("offset").asInt());
        assertEquals(1024, z.get("limit").asInt());
        JsonNode c = z.get("connections").get(0);
        assertEquals("Client", c.get("kind").asText());
        assertEquals("nats", c.get("type").asText());
        assertEquals("127.0.0.1", c.get("ip").asText());
        assertEquals("java", c.get("lang").asText());
        assertTrue(c.get("rtt").asText().matches("[0-9.]+(ns|µs|ms|s)"), c.get("rtt").asText());
        assertFalse(c.has("subscriptions_list"), "no list unless asked");
        assertFalse(c.has("stop"));
        assertFalse(c.has("reason"));
        assertFalse(c.has("authorized_user"));
    }

    @Test
    void sortsByTheCountersDescending() throws Exception {
        population(4);
        assertEquals(List.of("c3", "c2", "c1", "c0"), names(connz(ConnzOptions.builder().sort(ConnzSort.SUBS))));
        assertEquals(List.of("c3", "c2", "c1", "c0"),
                names(connz(ConnzOptions.builder().sort(ConnzSort.MSGS_FROM))));
        assertEquals(List.of("c3", "c2", "c1", "c0"),
                names(connz(ConnzOptions.builder().sort(ConnzSort.BYTES_FROM))));
        assertEquals(List.of("c0", "c1", "c2", "c3"), names(connz(ConnzOptions.builder().sort(ConnzSort.CID))));
        assertEquals(List.of("c0", "c1", "c2", "c3"), names(connz(ConnzOptions.builder().sort(ConnzSort.START))));
    }

    @Test
    void sortsByDeliveriesDescending() throws Exception {
        Connection pub = connect("pub");
        Connection few = connect("few");
        Connection many = connect("many");
        Subscription f = few.subscribe("a");
        Subscription m1 = many.subscribe("a");
        Subscription m2 = many.subscribe("b");
        few.flush(MonitoredServer.TIMEOUT);
        many.flush(MonitoredServer.TIMEOUT);
        pub.publish("a", new byte[10]);
        pub.publish("b", new byte[100]);
        pub.flush(MonitoredServer.TIMEOUT);
        assertNotNull(f.nextMessage(MonitoredServer.TIMEOUT));
        assertNotNull(m1.nextMessage(MonitoredServer.TIMEOUT));
        assertNotNull(m2.nextMessage(MonitoredServer.TIMEOUT));

        assertEquals(List.of("many", "few", "pub"), names(connz(ConnzOptions.builder().sort(ConnzSort.MSGS_TO))));
        assertEquals(List.of("many", "few", "pub"), names(connz(ConnzOptions.builder().sort(ConnzSort.BYTES_TO))));
        Connz z = connz(ConnzOptions.builder().sort(ConnzSort.BYTES_TO));
        assertEquals(110, z.connections().get(0).outBytes());
        assertEquals(2, z.connections().get(0).outMsgs());
    }

    @Test
    void sortsByTimes() throws Exception {
        Connection first = connect("first");
        Connection second = connect("second");
        Connection third = connect("third");
        // activity in the order second, first, third: "last" is the most recent first
        for (Connection c : List.of(second, first, third)) {
            c.publish("x", new byte[1]);
            c.flush(MonitoredServer.TIMEOUT);
        }
        assertEquals(List.of("third", "first", "second"), names(connz(ConnzOptions.builder().sort(ConnzSort.LAST))));
        assertEquals(List.of("second", "first", "third"), names(connz(ConnzOptions.builder().sort(ConnzSort.IDLE))));
        // nats-server sorts uptime ascending: the newest connection first
        assertEquals(List.of("third", "second", "first"),
                names(connz(ConnzOptions.builder().sort(ConnzSort.UPTIME))));
    }

    @ParameterizedTest
    @EnumSource(ConnzSort.class)
    void everySortKeyIsAcceptedOverHttp(ConnzSort sort) throws Exception {
        population(3);
        String state = sort == ConnzSort.STOP || sort == ConnzSort.REASON ? "&state=closed" : "";
        HttpResponse<String> r = server.get("/connz?sort=" + sort.key() + state);
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void sortErrorsAreNatsServers() throws Exception {
        HttpResponse<String> bad = server.get("/connz?sort=size");
        assertEquals(400, bad.statusCode());
        assertEquals("invalid sorting option: size", bad.body());
        HttpResponse<String> stop = server.get("/connz?sort=stop");
        assertEquals(400, stop.statusCode());
        assertEquals("sort by stop only valid on closed connections", stop.body());
        HttpResponse<String> reason = server.get("/connz?sort=reason&state=all");
        assertEquals(400, reason.statusCode());
        assertEquals("sort by reason only valid on closed connections", reason.body());
        HttpResponse<String> state = server.get("/connz?state=gone");
        assertEquals(400, state.statusCode());
        assertEquals("Error decoding state for gone", state.body());
        assertThrows(IllegalArgumentException.class,
                () -> ConnzOptions.builder().sort(ConnzSort.STOP).state(ConnState.OPEN).build());
    }

    @Test
    void subsListsSubjectsAndDetailListsEverything() throws Exception {
        Connection c = connect("subscriber");
        c.subscribe("plain");
        c.subscribe("grouped", "workers");
        Subscription limited = c.subscribe("limited");
        limited.unsubscribe(5);
        c.flush(MonitoredServer.TIMEOUT);
        c.publish("plain", new byte[3]);
        c.flush(MonitoredServer.TIMEOUT);

        JsonNode list = server.json("/connz?subs=1").get("connections").get(0);
        List<String> subjects = new ArrayList<>();
        list.get("subscriptions_list").forEach(n -> subjects.add(n.asText()));
        subjects.sort(Comparator.naturalOrder());
        assertEquals(List.of("grouped", "limited", "plain"), subjects);
        assertFalse(list.has("subscriptions_list_detail"));
        assertEquals(3, list.get("subscriptions").asInt());

        ConnInfo ci = connz(ConnzOptions.builder().subscriptionsDetail(true)).connections().get(0);
        assertNull(ci.subscriptionsList());
        List<SubDetail> details = new ArrayList<>(ci.subscriptionsListDetail());
        details.sort(Comparator.comparing(SubDetail::subject));
        assertEquals("grouped", details.get(0).subject());
        assertEquals("workers", details.get(0).queue());
        assertEquals("limited", details.get(1).subject());
        assertEquals(5, details.get(1).max());
        assertEquals("plain", details.get(2).subject());
        assertEquals(1, details.get(2).msgs());
        for (SubDetail d : details) {
            assertNull(d.account(), "nats-server shows no account for an open connection's subscriptions");
            assertEquals(ci.cid(), d.cid());
        }
        JsonNode detailJson = server.json("/connz?subs=detail").get("connections").get(0);
        assertTrue(detailJson.has("subscriptions_list_detail"));
        assertFalse(detailJson.has("subscriptions_list"));
    }

    @Test
    void closedConnectionsKeepTheirFiguresAndReason() throws Exception {
        Connection stays = connect("stays");
        Connection leaves = server.connect("leaves");
        leaves.subscribe("gone.with.me");
        leaves.publish("nobody", "12345".getBytes(StandardCharsets.UTF_8));
        leaves.flush(MonitoredServer.TIMEOUT);
        leaves.close();
        Await.until("the closed connection is recorded",
                () -> server.monitor().closedConnections().size() == 1);

        Connz closed = connz(ConnzOptions.builder().state(ConnState.CLOSED).subscriptionsDetail(true));
        assertEquals(1, closed.total());
        ConnInfo ci = closed.connections().get(0);
        assertEquals("leaves", ci.name());
        assertEquals("Client Closed", ci.reason());
        assertNotNull(ci.stop());
        assertEquals(1, ci.inMsgs());
        assertEquals(5, ci.inBytes());
        assertEquals(1, ci.subscriptions());
        assertEquals(1, ci.subscriptionsListDetail().size());
        assertEquals(SubDetail.GLOBAL_ACCOUNT, ci.subscriptionsListDetail().get(0).account());

        assertEquals(List.of("stays"), names(connz(ConnzOptions.builder())));
        assertEquals(List.of("stays", "leaves"), names(connz(ConnzOptions.builder().state(ConnState.ALL))));
        assertEquals(2, connz(ConnzOptions.builder().state(ConnState.ALL)).total());

        JsonNode json = server.json("/connz?state=closed").get("connections").get(0);
        assertTrue(json.has("stop"));
        assertEquals("Client Closed", json.get("reason").asText());
        assertEquals(2, server.json("/connz?state=any").get("total").asInt(), "\"any\" is nats-server's alias of all");
        stays.flush(MonitoredServer.TIMEOUT);
    }

    @Test
    void closedConnectionsSortByStopAndReason() throws Exception {
        server.close();
        server = MonitoredServer.start(b -> b.addUser(new User("alice", "secret", Permissions.NONE)));
        for (String name : List.of("one", "two")) {
            Connection c = Nats.connect(server.clientOptions(name).userInfo("alice", "secret").build());
            c.close();
        }
        // a wrong password: the server closes it with its own reason
        assertThrows(Exception.class,
                () -> Nats.connect(server.clientOptions("bad").userInfo("alice", "wrong")
                        .connectionTimeout(java.time.Duration.ofMillis(500)).build()).close());
        Await.until("three closed connections", () -> server.monitor().closedConnections().size() == 3);

        List<ConnInfo> byStop = connz(ConnzOptions.builder().state(ConnState.CLOSED).sort(ConnzSort.STOP))
                .connections();
        assertEquals(List.of("bad", "two", "one"), byStop.stream().map(ConnInfo::name).toList());
        List<ConnInfo> byReason = connz(ConnzOptions.builder().state(ConnState.CLOSED).sort(ConnzSort.REASON))
                .connections();
        assertEquals("Authentication Failure", byReason.get(0).reason());
        assertEquals("Client Closed", byReason.get(1).reason());
        assertEquals("Client Closed", byReason.get(2).reason());
    }

    @Test
    void cidSelectsOneConnectionOpenOrClosed() throws Exception {
        population(3);
        long cid = connz(ConnzOptions.builder()).connections().get(1).cid();
        Connz one = connz(ConnzOptions.builder().cid(cid));
        assertEquals(1, one.numConnections());
        assertEquals(1, one.limit());
        assertEquals(3, one.total(), "total counts the state's connections, as nats-server");
        assertEquals(cid, one.connections().get(0).cid());
        assertEquals(0, connz(ConnzOptions.builder().cid(9999)).numConnections());

        clients.remove(1).close();
        Await.until("closed", () -> server.monitor().closedConnections().size() == 1);
        assertEquals(cid, connz(ConnzOptions.builder().cid(cid).state(ConnState.ALL)).connections().get(0).cid());
        assertEquals(cid, server.json("/connz?state=closed&cid=" + cid).get("connections").get(0).get("cid").asLong());
    }

    @Test
    void authShowsUsersAndUserFilters() throws Exception {
        server.close();
        server = MonitoredServer.start(b -> b.addUser(new User("alice", "a", Permissions.NONE))
                .addUser(new User("bob", "b", Permissions.NONE)));
        clients.add(Nats.connect(server.clientOptions("alice-1").userInfo("alice", "a").build()));
        clients.add(Nats.connect(server.clientOptions("bob-1").userInfo("bob", "b").build()));
        clients.add(Nats.connect(server.clientOptions("alice-2").userInfo("alice", "a").build()));

        assertNull(connz(ConnzOptions.builder()).connections().get(0).authorizedUser());
        Connz withAuth = connz(ConnzOptions.builder().auth(true));
        assertEquals(List.of("alice", "bob", "alice"),
                withAuth.connections().stream().map(ConnInfo::authorizedUser).toList());
        assertEquals(List.of("alice-1", "alice-2"), names(connz(ConnzOptions.builder().auth(true).user("alice"))));
        JsonNode http = server.json("/connz?auth=true&user=bob");
        assertEquals(1, http.get("num_connections").asInt());
        assertEquals("bob", http.get("connections").get(0).get("authorized_user").asText());

        assertEquals(0, connz(ConnzOptions.builder().account("OTHER")).numConnections());
        assertEquals(3, connz(ConnzOptions.builder().account("$G")).numConnections());
    }

    /**
     * As nats-server: an nkey client's authorized_user is its nkey while it is connected; the
     * user filter and closed connections know user names only.
     */
    @Test
    void authShowsTheNkeyOfNkeyClients() throws Exception {
        io.nats.client.NKey key = io.nats.client.NKey.createUser(null);
        String publicKey = new String(key.getPublicKey());
        NKeyUser nkeyUser = new NKeyUser(io.jnatsd.auth.NKey.parseUser(publicKey), Permissions.NONE);
        server.close();
        server = MonitoredServer.start(b -> b.addNkey(nkeyUser).addUser(new User("alice", "a", Permissions.NONE)));
        Connection nk = Nats.connect(server.clientOptions("nkey-1")
                .authHandler(Nats.staticCredentials(null, key.getSeed())).build());
        clients.add(nk);
        clients.add(Nats.connect(server.clientOptions("alice-1").userInfo("alice", "a").build()));

        assertEquals(List.of(publicKey, "alice"), connz(ConnzOptions.builder().auth(true)).connections().stream()
                .map(ConnInfo::authorizedUser).toList());
        assertEquals(publicKey, server.json("/connz?auth=1").get("connections").get(0).get("authorized_user").asText());
        assertEquals(0, connz(ConnzOptions.builder().auth(true).user(publicKey)).numConnections());

        clients.remove(nk);
        nk.close();
        Await.until("closed", () -> server.monitor().closedConnections().size() == 1);
        ConnInfo closed = connz(ConnzOptions.builder().auth(true).state(ConnState.CLOSED)).connections().get(0);
        assertEquals("nkey-1", closed.name());
        assertNull(closed.authorizedUser());
    }
}
