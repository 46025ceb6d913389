package io.jnatsd.route;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Route handshakes: the reference's errors, duplicates, reconnects. */
class RouteHandshakeTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

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

    /** Connects to the route port, reads its INFO, sends {@code line}; returns the INFO and the answer. */
    private static String[] talk(Node n, String line) throws Exception {
        try (Socket s = new Socket("127.0.0.1", n.server.clusterPort())) {
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String info = in.readLine();
            OutputStream out = s.getOutputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = in.readLine();
            String after = in.readLine(); // the server closes after an error
            return new String[] {info, answer, after};
        }
    }

    @Test
    void routeInfoAnnouncesAuthClusterAndClientUrls() throws Exception {
        Node n = node(Node.startWithAuth("A", 0, "ruser", "s3cret"));
        String info = talk(n, "PING\r\n")[0];
        assertTrue(info.startsWith("INFO {"), info);
        assertTrue(info.contains("\"auth_required\":true"), info);
        assertTrue(info.contains("\"cluster\":\"T\""), info);
        assertTrue(info.contains("\"connect_urls\":[\"127.0.0.1:" + n.server.port() + "\"]"), info);
        assertTrue(info.contains("\"server_id\":\"" + n.server.serverId() + "\""), info);
    }

    @Test
    void wrongRouteCredentialsGetAuthorizationViolation() throws Exception {
        Node n = node(Node.startWithAuth("A", 0, "ruser", "s3cret"));
        String[] r = talk(n, "CONNECT {\"user\":\"ruser\",\"pass\":\"nope\",\"name\":\"X\",\"cluster\":\"T\"}\r\n");
        assertEquals("-ERR 'Authorization Violation'", r[1]);
        assertNull(r[2]);
    }

    @Test
    void anythingBeforeConnectIsAnAuthorizationViolationWhenAuthIsRequired() throws Exception {
        Node n = node(Node.startWithAuth("A", 0, "ruser", "s3cret"));
        String[] r = talk(n, "PING\r\n");
        assertEquals("-ERR 'Authorization Violation'", r[1]);
    }

    @Test
    void mismatchedClusterNameIsRejectedWithTheReferenceText() throws Exception {
        Node n = node(Node.start("A", 0));
        String[] r = talk(n, "CONNECT {\"name\":\"X\",\"cluster\":\"OTHER\"}\r\n");
        assertEquals("-ERR 'Rejecting connection, cluster name \"OTHER\" does not match \"T\"'", r[1]);
        assertNull(r[2]);
    }

    @Test
    void aClientOnTheRoutePortIsTurnedAway() throws Exception {
        Node n = node(Node.start("A", 0));
        String[] r = talk(n, "CONNECT {\"verbose\":false,\"lang\":\"java\",\"version\":\"2.26.1\"}\r\n");
        assertEquals("-ERR 'attempted to connect to route port'", r[1]);
    }

    @Test
    void aDynamicClusterNameGivesWayToAConfiguredOne() throws Exception {
        Node a = node(Node.startInCluster("A", null, 0, null, null));
        assertTrue(a.server.clusterName() != null && !a.server.clusterName().equals("T"));
        Node b = node(Node.start("B", 0, a.routeUrl()));
        Node.await("A and B routed", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
        assertEquals("T", a.server.clusterName());
        assertEquals("T", b.server.clusterName());
    }

    @Test
    void credentialsInTheRouteUrlAreUsed() throws Exception {
        Node a = node(Node.startWithAuth("A", 0, "ruser", "s3cret"));
        Node b = node(Node.start("B", 0, "nats-route://ruser:s3cret@127.0.0.1:" + a.server.clusterPort()));
        Node.await("B authenticated to A", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
    }

    @Test
    void routesToEachOtherResolveToOneRoutePerPair() throws Exception {
        Node a = node(Node.start("A", 0));
        int aPort = a.server.clusterPort();
        Node b = node(Node.start("B", 0, "nats-route://127.0.0.1:" + aPort));
        Node.await("B routed to A", () -> a.server.routeCount() == 1);
        // now A also solicits B: a second connection between the same pair, dropped as a duplicate
        a.close();
        Node a2 = node(Node.start("A", aPort, b.routeUrl()));
        Node.await("one route each way", () -> a2.server.routeCount() == 1 && b.server.routeCount() == 1);
        Thread.sleep(2500); // through a reconnect cycle: it must stay at one
        assertEquals(1, a2.server.routeCount());
        assertEquals(1, b.server.routeCount());
    }

    @Test
    void connectedClientsGetAnAsyncInfoWhenTheClusterGrows() throws Exception {
        Node a = node(Node.start("A", 0));
        io.nats.client.Connection nc = io.nats.client.Nats.connect(a.clientUrl());
        closeables.add(nc);
        assertEquals(1, nc.getServers().size());
        Node b = node(Node.start("B", 0, a.routeUrl()));
        Node.await("client learned B's URL", () -> nc.getServers().stream()
                .anyMatch(u -> u.contains(":" + b.server.port())));
    }

    @Test
    void redactionIsFormattedLikeGo() {
        assertEquals("nats-route://u:xxxxx@h:4248", RouteManager.redacted(java.net.URI.create("nats-route://u:p@h:4248")));
    }

    @Test
    void explicitRouteIsRetriedUntilThePeerComesBack() throws Exception {
        Node a = node(Node.start("A", 0));
        int aPort = a.server.clusterPort();
        Node b = node(Node.start("B", 0, "nats-route://127.0.0.1:" + aPort));
        Node.await("B routed to A", () -> b.server.routeCount() == 1);
        a.close();
        Node.await("B lost A", () -> b.server.routeCount() == 0);
        Thread.sleep(1500); // a failed attempt or two
        Node a2 = node(Node.start("A", aPort));
        Node.await("B reconnected to restarted A", () -> b.server.routeCount() == 1 && a2.server.routeCount() == 1);
    }
}
