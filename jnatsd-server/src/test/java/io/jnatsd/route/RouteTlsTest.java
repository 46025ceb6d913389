package io.jnatsd.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.RecordingLog;
import io.jnatsd.server.ReloadException;
import io.jnatsd.tls.TestCerts;
import io.jnatsd.tls.TlsOptions;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes over mutual TLS between jnatsd nodes: the handshake first, then the route protocol. */
class RouteTlsTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private static TlsOptions routeTls(String cert, boolean insecure) {
        return new TlsOptions(TestCerts.file(cert), TestCerts.file("route-key.pem"), TestCerts.file("ca.pem"),
                true, false, null, null, null, null, insecure);
    }

    private Node node(String name, TlsOptions tls, RecordingLog log, String... routes) throws Exception {
        Node n = Node.startWithTls(name, tls, log, routes);
        closeables.add(n);
        return n;
    }

    private Connection connect(Node n) throws Exception {
        Connection nc = Nats.connect(n.clientUrl());
        closeables.add(nc);
        return nc;
    }

    /** A subscriber on {@code to} gets what a client of {@code from} publishes (a subject per call). */
    private void messageCrosses(Node from, Node to) throws Exception {
        Connection sub = connect(to);
        Connection pub = connect(from);
        String subject = "tls.route." + closeables.size();
        Subscription s = sub.subscribe(subject);
        sub.flush(Duration.ofSeconds(2));
        Node.await("interest crossed the route", () -> from.interest(subject) == 1);
        pub.publish(subject, "over tls".getBytes(StandardCharsets.UTF_8));
        Message m = s.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m, "message crossed the TLS route");
        assertEquals("over tls", new String(m.getData(), StandardCharsets.UTF_8));
    }

    @Test
    void nodesRouteOverMutualTlsAndMessagesFlowBothWays() throws Exception {
        RecordingLog logA = new RecordingLog();
        Node a = node("A", routeTls("route-cert.pem", false), logA);
        Node b = node("B", routeTls("route-cert.pem", false), new RecordingLog(), a.routeUrl());
        Node.await("A and B routed", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
        messageCrosses(a, b);
        messageCrosses(b, a);
        assertTrue(logA.lines.stream().noneMatch(l -> l.startsWith("[ERR]")), "no errors: " + logA.lines);
    }

    @Test
    void clusterPortSpeaksTlsFirstThenAnnouncesTlsInInfo() throws Exception {
        Node a = node("A", routeTls("route-cert.pem", false), new RecordingLog());
        SSLSocket s = (SSLSocket) TestCerts.client("route-cert.pem", "route-key.pem").getSocketFactory()
                .createSocket("127.0.0.1", a.server.clusterPort());
        try (s) {
            s.setSoTimeout(5000);
            s.startHandshake();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(line.startsWith("INFO {"), line);
            JsonNode info = new ObjectMapper().readTree(line.substring(5));
            assertTrue(info.path("tls_required").asBoolean(), line);
            assertTrue(info.path("tls_verify").asBoolean(), line);
        }
    }

    @Test
    void dialerWithoutCertificateIsRefused() throws Exception {
        RecordingLog log = new RecordingLog();
        Node a = node("A", routeTls("route-cert.pem", false), log);
        SSLSocket s = (SSLSocket) TestCerts.client(null, null).getSocketFactory()
                .createSocket("127.0.0.1", a.server.clusterPort());
        try (s) {
            s.setSoTimeout(5000);
            // TLS 1.3: the refusal may come with the handshake or with the first read
            assertThrows(SSLException.class, () -> {
                s.startHandshake();
                s.getInputStream().read();
            });
        }
        log.awaitContaining("TLS route handshake error");
        log.awaitContaining("Router connection closed: TLS Handshake Failure");
        assertEquals(0, a.server.routeCount());
    }

    @Test
    void untrustedPeerCannotJoin() throws Exception {
        RecordingLog logA = new RecordingLog();
        Node a = node("A", routeTls("route-cert.pem", false), logA);
        TlsOptions untrusted = new TlsOptions(TestCerts.file("untrusted-cert.pem"), TestCerts.file("untrusted-key.pem"),
                TestCerts.file("ca.pem"), true, false, null, null, null, null, false);
        RecordingLog logM = new RecordingLog();
        Node m = node("M", untrusted, logM, a.routeUrl());
        logA.awaitContaining("TLS route handshake error");
        logM.awaitContaining("TLS route handshake error");
        assertEquals(0, a.server.routeCount());
        assertEquals(0, m.server.routeCount());
    }

    @Test
    void dialerChecksThePeerNameAgainstTheRouteUrl() throws Exception {
        // A's certificate names only "localhost": dialling 127.0.0.1 must fail, dialling localhost works
        Node a = node("A", routeTls("route-dns-cert.pem", false), new RecordingLog());
        RecordingLog logB = new RecordingLog();
        Node b = node("B", routeTls("route-cert.pem", false), logB, a.routeUrl());
        String error = logB.awaitContaining("TLS route handshake error");
        assertTrue(error.contains("127.0.0.1"), error);
        assertEquals(0, b.server.routeCount());

        Node c = node("C", routeTls("route-cert.pem", false), new RecordingLog(),
                "nats-route://localhost:" + a.server.clusterPort());
        Node.await("C routed to A by name", () -> c.server.routeCount() == 1);
        messageCrosses(c, a);
    }

    @Test
    void insecureDialerSkipsTheNameCheckAndWarns() throws Exception {
        Node a = node("A", routeTls("route-dns-cert.pem", false), new RecordingLog());
        RecordingLog logB = new RecordingLog();
        Node b = node("B", routeTls("route-cert.pem", true), logB, a.routeUrl());
        assertTrue(logB.has("[WRN] TLS certificate chain and hostname of solicited routes will not be verified."
                + " DO NOT USE IN PRODUCTION!"), logB.lines.toString());
        Node.await("B routed to A without checking its name", () -> b.server.routeCount() == 1);
        messageCrosses(b, a);
    }

    @Test
    void plainNodeCannotJoinATlsCluster() throws Exception {
        RecordingLog logA = new RecordingLog();
        Node a = node("A", routeTls("route-cert.pem", false), logA);
        Node p = Node.start("P", 0, a.routeUrl());
        closeables.add(p);
        logA.awaitContaining("TLS route handshake error");
        assertEquals(0, a.server.routeCount());
        assertEquals(0, p.server.routeCount());
    }

    private static ServerOptions withClusterTls(NatsServer s, TlsOptions tls) {
        ClusterOptions c = s.options().cluster();
        return s.options().toBuilder().cluster(c.withTls(tls)).build();
    }

    @Test
    void reloadTurnsRouteTlsOnForNewRoutes() throws Exception {
        RecordingLog logA = new RecordingLog();
        Node a = node("A", null, logA);
        RecordingLog logB = new RecordingLog();
        Node b = node("B", routeTls("route-cert.pem", false), logB, a.routeUrl());
        logB.awaitContaining("TLS route handshake error");
        assertEquals(0, a.server.routeCount());

        a.server.reload(withClusterTls(a.server, routeTls("route-cert.pem", false)));
        assertTrue(logA.has("[INF] Reloaded: cluster tls = enabled"), logA.lines.toString());
        // B keeps dialling its explicit route; the next attempt meets TLS
        Node.await("B routed to A once A speaks TLS", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
        messageCrosses(a, b);
    }

    @Test
    void reloadWithABadClusterCertificateKeepsTheOldConfig() throws Exception {
        Node a = node("A", routeTls("route-cert.pem", false), new RecordingLog());
        TlsOptions broken = new TlsOptions(TestCerts.file("route-cert.pem"), TestCerts.file("server-key.pem"),
                TestCerts.file("ca.pem"), true, false, null, null, null, null, false);
        ReloadException e = assertThrows(ReloadException.class, () -> a.server.reload(withClusterTls(a.server, broken)));
        assertTrue(e.getMessage().contains("private key does not match public key"), e.getMessage());
        assertEquals(TestCerts.file("route-key.pem"), a.server.options().cluster().tls().keyFile());
        Node b = node("B", routeTls("route-cert.pem", false), new RecordingLog(), a.routeUrl());
        Node.await("B routed to A with A's old certificate", () -> a.server.routeCount() == 1 && b.server.routeCount() == 1);
    }
}
