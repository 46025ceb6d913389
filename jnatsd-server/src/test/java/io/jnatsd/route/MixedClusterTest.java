package io.jnatsd.route;

import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.server.RecordingLog;
import io.jnatsd.tls.TestCerts;
import io.jnatsd.tls.TlsOptions;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** jnatsd and Debian's nats-server 2.9.10 in one cluster: interest, messages, replies and queues both ways. */
class MixedClusterTest {
    private static final String NATS_SERVER = "/usr/sbin/nats-server";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Process natsServer;
    private Path natsLog;

    @BeforeAll
    static void natsServerInstalled() {
        assumeTrue(new File(NATS_SERVER).canExecute(), "nats-server not installed at " + NATS_SERVER);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (natsServer != null) {
            natsServer.destroy();
            natsServer.waitFor(5, TimeUnit.SECONDS);
        }
        if (natsLog != null) {
            Files.deleteIfExists(natsLog);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts nats-server on free ports; returns {client port, cluster port}. */
    private int[] startNatsServer(String... extra) throws Exception {
        int port = freePort();
        int cport = freePort();
        natsLog = Files.createTempFile("nats-server", ".log");
        List<String> cmd = new ArrayList<>(List.of(NATS_SERVER, "-a", "127.0.0.1", "-p", String.valueOf(port),
                "--cluster", "nats://127.0.0.1:" + cport, "-n", "GO", "-DV", "-l", natsLog.toString()));
        if (!List.of(extra).contains("--dynamic-name")) {
            cmd.addAll(List.of("--cluster_name", "T"));
        }
        for (String e : extra) {
            if (!e.equals("--dynamic-name")) {
                cmd.add(e);
            }
        }
        natsServer = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(natsLog.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !natsServer.isAlive()) {
                    fail("nats-server did not start: " + Files.readString(natsLog));
                }
                Thread.sleep(20);
            }
        }
        return new int[] {port, cport};
    }

    private Connection connect(String url) throws Exception {
        Connection nc = Nats.connect(new Options.Builder().server(url).build());
        closeables.add(nc);
        return nc;
    }

    private Node node(Node n) {
        closeables.add(n);
        return n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes until the subscription gets a message: nats-server's interest arrives in its own time. */
    private static void primeInterest(Connection pub, String subject, Subscription sub) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            pub.publish(subject, bytes("probe"));
            pub.flush(Duration.ofSeconds(2));
            if (sub.nextMessage(Duration.ofMillis(100)) != null) {
                while (sub.nextMessage(Duration.ofMillis(100)) != null) {
                    // drain probes still in flight
                }
                return;
            }
        }
        fail("interest in " + subject + " never crossed the route");
    }

    private String natsLog() throws IOException {
        return Files.readString(natsLog);
    }

    /** Polls nats-server's log file (bounded; a file has no event to wait on) until it holds {@code text}. */
    private void awaitNatsLog(String text, String failure) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!natsLog().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail(failure + ": " + natsLog());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void jnatsdSolicitsNatsServerAndTrafficFlowsBothWays() throws Exception {
        int[] go = startNatsServer();
        Node j = node(Node.start("J", 0, "nats-route://127.0.0.1:" + go[1]));
        Node.await("jnatsd routed to nats-server", () -> j.server.routeCount() == 1);
        exchange(j, "nats://127.0.0.1:" + go[0]);
    }

    @Test
    void natsServerSolicitsJnatsdAndTrafficFlowsBothWays() throws Exception {
        Node j = node(Node.start("J", 0));
        int[] go = startNatsServer("--routes", j.routeUrl());
        Node.await("nats-server routed to jnatsd", () -> j.server.routeCount() == 1);
        exchange(j, "nats://127.0.0.1:" + go[0]);
    }

    @Test
    void natsServerWithoutClusterNameAdoptsJnatsdsName() throws Exception {
        int[] go = startNatsServer("--dynamic-name");
        Node j = node(Node.start("J", 0, "nats-route://127.0.0.1:" + go[1]));
        Node.await("jnatsd routed to nats-server", () -> j.server.routeCount() == 1);
        Connection nc = connect("nats://127.0.0.1:" + go[0]);
        Node.await("nats-server took the name T", () -> "T".equals(nc.getServerInfo().getCluster()));
    }

    @Test
    void jnatsdWithoutClusterNameAdoptsNatsServersName() throws Exception {
        int[] go = startNatsServer();
        Node j = node(Node.startInCluster("J", null, 0, null, null, "nats-route://127.0.0.1:" + go[1]));
        Node.await("jnatsd routed to nats-server", () -> j.server.routeCount() == 1);
        assertEquals("T", j.server.clusterName());
    }

    @Test
    void natsServerAuthenticatesToJnatsdWithUrlCredentials() throws Exception {
        Node j = node(Node.startWithAuth("J", 0, "ruser", "rpass"));
        int[] go = startNatsServer("--routes", "nats-route://ruser:rpass@127.0.0.1:" + j.server.clusterPort());
        Node.await("nats-server authenticated to jnatsd", () -> j.server.routeCount() == 1);
        exchange(j, "nats://127.0.0.1:" + go[0]);
    }

    @Test
    void gossipThroughNatsServerMeshesTwoJnatsdNodes() throws Exception {
        int[] go = startNatsServer();
        String seed = "nats-route://127.0.0.1:" + go[1];
        Node j1 = node(Node.start("J1", 0, seed));
        Node j2 = node(Node.start("J2", 0, seed));
        Node.await("J1 meshed with nats-server and J2", () -> j1.server.routeCount() == 2);
        Node.await("J2 meshed with nats-server and J1", () -> j2.server.routeCount() == 2);
        // the go server's client INFO lists all three servers
        Connection nc = connect("nats://127.0.0.1:" + go[0]);
        Node.await("go server advertises the jnatsd client URLs", () -> nc.getServers().size() >= 3);
    }

    /** A config file giving nats-server's cluster the route certificate jnatsd uses too. */
    private Path natsServerRouteTls() throws IOException {
        Path conf = Files.createTempFile("nats-server-route-tls", ".conf");
        closeables.add(() -> Files.deleteIfExists(conf));
        Files.writeString(conf, "cluster { tls {\n"
                + "  cert_file: \"" + TestCerts.file("route-cert.pem") + "\"\n"
                + "  key_file: \"" + TestCerts.file("route-key.pem") + "\"\n"
                + "  ca_file: \"" + TestCerts.file("ca.pem") + "\"\n"
                + "} }\n");
        return conf;
    }

    private static TlsOptions jnatsdRouteTls() {
        return new TlsOptions(TestCerts.file("route-cert.pem"), TestCerts.file("route-key.pem"),
                TestCerts.file("ca.pem"), true, false, null, null, null, null, false);
    }

    @Test
    void jnatsdSolicitsNatsServerOverTls() throws Exception {
        int[] go = startNatsServer("-c", natsServerRouteTls().toString());
        RecordingLog log = new RecordingLog();
        Node j = node(Node.startWithTls("J", jnatsdRouteTls(), log, "nats-route://127.0.0.1:" + go[1]));
        Node.await("jnatsd routed to nats-server over TLS", () -> j.server.routeCount() == 1);
        exchange(j, "nats://127.0.0.1:" + go[0]);
        assertTrue(natsLog().contains("TLS handshake complete"), natsLog());
        assertTrue(log.lines.stream().noneMatch(l -> l.startsWith("[ERR]")), log.lines.toString());
    }

    @Test
    void natsServerSolicitsJnatsdOverTls() throws Exception {
        RecordingLog log = new RecordingLog();
        Node j = node(Node.startWithTls("J", jnatsdRouteTls(), log));
        int[] go = startNatsServer("-c", natsServerRouteTls().toString(), "--routes", j.routeUrl());
        Node.await("nats-server routed to jnatsd over TLS", () -> j.server.routeCount() == 1);
        exchange(j, "nats://127.0.0.1:" + go[0]);
        assertTrue(natsLog().contains("TLS handshake complete"), natsLog());
        assertTrue(log.lines.stream().noneMatch(l -> l.startsWith("[ERR]")), log.lines.toString());
    }

    @Test
    void natsServerRefusesAPlainJnatsdRoute() throws Exception {
        int[] go = startNatsServer("-c", natsServerRouteTls().toString());
        Node j = node(Node.start("J", 0, "nats-route://127.0.0.1:" + go[1]));
        awaitNatsLog("TLS route handshake error", "nats-server did not refuse the plain route");
        assertEquals(0, j.server.routeCount());
    }

    @Test
    void jnatsdRoutePermissionsFilterInterestWithNatsServer() throws Exception {
        int[] go = startNatsServer();
        Permissions perms = new Permissions(new SubjectPermission(List.of("in.>"), null),
                new SubjectPermission(List.of("out.>"), null));
        Node j = node(Node.startWith("J", c -> c.withPermissions(perms), "nats-route://127.0.0.1:" + go[1]));
        Node.await("jnatsd routed to nats-server", () -> j.server.routeCount() == 1);
        Connection onGo = connect("nats://127.0.0.1:" + go[0]);
        Connection onJ = connect(j.clientUrl());

        // export: jnatsd keeps only nats-server's interest in out.>
        onGo.subscribe("secret.1");
        onGo.subscribe("out.1");
        onGo.flush(Duration.ofSeconds(2));
        Node.await("jnatsd accepted the exported interest", () -> j.interest("out.1") == 1);
        assertEquals(0, j.interest("secret.1"), "interest accepted against the export permission");

        // import: nats-server gets only jnatsd's interest in in.>
        Subscription other = onJ.subscribe("other.1");
        Subscription in = onJ.subscribe("in.1");
        onJ.flush(Duration.ofSeconds(2));
        primeInterest(onGo, "in.1", in);
        onGo.publish("other.1", bytes("filtered"));
        onGo.publish("in.1", bytes("imported"));
        onGo.flush(Duration.ofSeconds(2));
        Message m = in.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m, "log:\n" + natsLog());
        assertEquals("imported", new String(m.getData(), StandardCharsets.UTF_8));
        assertEquals(0, other.getPendingMessageCount(), "nats-server routed a subject jnatsd does not import");
    }

    private void exchange(Node j, String goUrl) throws Exception {
        Connection onGo = connect(goUrl);
        Connection onJ = connect(j.clientUrl());

        // go subscriber, jnatsd publisher
        Subscription goSub = onGo.subscribe("mix.>");
        onGo.flush(Duration.ofSeconds(2));
        Node.await("jnatsd sees nats-server's interest", () -> j.interest("mix.a") == 1);
        onJ.publish("mix.a", bytes("from-j"));
        Message m = goSub.nextMessage(Duration.ofSeconds(5));
        assertNotNull(m, "message from jnatsd to nats-server; log:\n" + natsLog());
        assertEquals("from-j", new String(m.getData(), StandardCharsets.UTF_8));

        // jnatsd subscriber, go publisher
        Subscription jSub = onJ.subscribe("back.*");
        onJ.flush(Duration.ofSeconds(2));
        primeInterest(onGo, "back.x", jSub);
        onGo.publish("back.y", bytes("from-go"));
        Message b = jSub.nextMessage(Duration.ofSeconds(5));
        assertNotNull(b);
        assertEquals("from-go", new String(b.getData(), StandardCharsets.UTF_8));

        // request/reply both ways
        onGo.createDispatcher(r -> onGo.publish(r.getReplyTo(), bytes("go-says-" + new String(r.getData(),
                StandardCharsets.UTF_8)))).subscribe("svc.go");
        onGo.flush(Duration.ofSeconds(2));
        Node.await("jnatsd sees the go service", () -> j.interest("svc.go") == 1);
        Message r1 = onJ.request("svc.go", bytes("hi"), Duration.ofSeconds(5));
        assertNotNull(r1);
        assertEquals("go-says-hi", new String(r1.getData(), StandardCharsets.UTF_8));

        onJ.createDispatcher(r -> onJ.publish(r.getReplyTo(), bytes("j-says-" + new String(r.getData(),
                StandardCharsets.UTF_8)))).subscribe("svc.j");
        onJ.flush(Duration.ofSeconds(2));
        Message r2 = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r2 == null && System.nanoTime() < deadline) {
            try {
                r2 = onGo.request("svc.j", bytes("yo"), Duration.ofMillis(500));
            } catch (Exception e) {
                Thread.sleep(50); // no responders until the interest arrives
            }
        }
        assertNotNull(r2);
        assertEquals("j-says-yo", new String(r2.getData(), StandardCharsets.UTF_8));

        // a queue group with members on both servers: one delivery per message, from either side
        AtomicInteger total = new AtomicInteger();
        AtomicInteger dups = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (Connection nc : List.of(onGo, onJ)) {
            nc.createDispatcher(msg -> {
                total.incrementAndGet();
                if (!seen.add(new String(msg.getData(), StandardCharsets.UTF_8))) {
                    dups.incrementAndGet();
                }
            }).subscribe("qwork", "qg");
            nc.flush(Duration.ofSeconds(2));
        }
        Node.await("jnatsd sees the go queue member", () -> j.interest("qwork") == 2);
        // nats-server traces jnatsd's RS+ (-DV)
        awaitNatsLog("<<- [RS+ $G qwork qg", "nats-server never got jnatsd's queue interest");
        int n = 100;
        for (int i = 0; i < n; i++) {
            onJ.publish("qwork", bytes("j-" + i));
            onGo.publish("qwork", bytes("g-" + i));
        }
        onJ.flush(Duration.ofSeconds(2));
        onGo.flush(Duration.ofSeconds(2));
        Node.await("all queue messages delivered", () -> total.get() >= 2 * n);
        Thread.sleep(200); // a grace window in which a late duplicate would show up
        assertEquals(2 * n, total.get());
        assertEquals(0, dups.get());
    }
}
