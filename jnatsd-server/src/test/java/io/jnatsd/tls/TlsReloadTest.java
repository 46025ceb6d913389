package io.jnatsd.tls;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.RecordingLog;
import io.jnatsd.server.ReloadException;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Config reload of the client {@code tls} block, as nats-server 2.9.10: it may be added, changed
 * or removed; new connections get the new TLS, connected clients keep theirs. The log lines are
 * the ones nats-server 2.9.10 wrote for the same reloads.
 */
class TlsReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingLog log = new RecordingLog();
    private NatsServer server;

    private NatsServer start(ServerOptions.Builder b) throws IOException {
        server = new NatsServer(b.host("127.0.0.1").port(0).ioThreads(1).build(), log).start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static TlsOptions serverCert() {
        return TestCerts.server("server-cert.pem", "server-key.pem");
    }

    private static TlsOptions withTimeout(TlsOptions t, Duration timeout) {
        return new TlsOptions(t.certFile(), t.keyFile(), t.caFile(), t.verify(), t.verifyAndMap(), timeout,
                t.cipherSuites(), t.curvePreferences(), t.minVersion());
    }

    @Test
    void plainToTlsNewClientsMustUseTlsConnectedOnesKeepPlainText() throws Exception {
        start(ServerOptions.builder());
        try (Connection before = connect(null)) {
            server.reload(server.options().toBuilder().tls(serverCert()).build());

            assertTrue(log.has("[INF] Reloaded: tls = enabled"), log.lines::toString);
            assertFalse(log.lines.stream().anyMatch(l -> l.contains("tls timeout")), "still 2s: " + log.lines);
            assertTrue(log.has("[INF] Reloaded server configuration"), log.lines::toString);
            assertTrue(info().contains("\"tls_required\":true"), "INFO of new clients");
            assertThrows(IOException.class, () -> connect(null), "a new plain-text client is refused");
            try (Connection after = connect(TestCerts.client(null, null))) {
                assertDelivered(before, after, "plain.to.tls");
                assertDelivered(after, before, "tls.to.plain");
            }
        }
    }

    @Test
    void aCertificateReplacedUnderTheSameNameServesNewConnections(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.copy(TestCerts.file("server-cert.pem"), cert);
        Files.copy(TestCerts.file("server-key.pem"), key);
        start(ServerOptions.builder().tls(TlsOptions.of(cert, key, null, false, null)));
        assertEquals(certificate("server-cert.pem"), presentedCertificate());
        SSLContext client = TestCerts.client(null, null);
        try (Connection before = connect(client)) {
            Files.copy(TestCerts.file("server-ec-cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(TestCerts.file("server-ec-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);

            server.reload(server.options());

            assertTrue(log.has("[INF] Reloaded: tls = enabled"), log.lines::toString);
            assertEquals(certificate("server-ec-cert.pem"), presentedCertificate());
            try (Connection after = connect(client)) {
                assertDelivered(before, after, "old.to.new");
                assertDelivered(after, before, "new.to.old");
            }
        }
    }

    /** As nats-server, which compares what it loaded: file names are not part of it. */
    @Test
    void theSameCertificatesUnderOtherNamesAreNoChangeButANewTimeoutIs(@TempDir Path dir) throws Exception {
        start(ServerOptions.builder().tls(withTimeout(serverCert(), Duration.ofSeconds(10))));
        Path cert = Files.copy(TestCerts.file("server-cert.pem"), dir.resolve("copy-cert.pem"));
        Path key = Files.copy(TestCerts.file("server-key.pem"), dir.resolve("copy-key.pem"));
        TlsOptions moved = new TlsOptions(cert, key, null, false, false, Duration.ofSeconds(10), null, null, null);

        server.reload(server.options().toBuilder().tls(moved).build());
        assertTrue(log.has("[INF] Reloaded server configuration"), log.lines::toString);
        assertFalse(log.lines.stream().anyMatch(l -> l.contains("Reloaded: tls")), log.lines::toString);

        server.reload(server.options().toBuilder().tls(withTimeout(moved, Duration.ofMillis(200))).build());
        assertTrue(log.has("[INF] Reloaded: tls timeout = 0.2"), log.lines::toString);
        assertFalse(log.has("[INF] Reloaded: tls = enabled"), log.lines::toString);
        // a client that never starts its handshake is cut off after the new 0.2s, not the old 10s
        try (Socket silent = open()) {
            InputStream in = silent.getInputStream();
            readLine(in);
            assertEquals(-1, in.read(), "closed without a word");
        }
        ClientTlsTest.awaitClosedReason(server, "TLS Handshake Failure");
    }

    @Test
    void tlsToPlainNewClientsUsePlainTextConnectedOnesKeepTls() throws Exception {
        TlsOptions verify = TlsOptions.of(TestCerts.file("server-cert.pem"), TestCerts.file("server-key.pem"),
                TestCerts.file("ca.pem"), true, Duration.ofSeconds(3));
        start(ServerOptions.builder().tls(verify));
        try (Connection before = connect(TestCerts.client("client-cert.pem", "client-key.pem"))) {
            server.reload(server.options().toBuilder().tls(null).build());

            int timeout = log.lines.indexOf("[INF] Reloaded: tls timeout = 2");
            assertTrue(timeout >= 0, log.lines::toString);
            assertEquals("[INF] Reloaded: tls = disabled", log.lines.get(timeout + 1), "nats-server's order");
            String info = info();
            assertFalse(info.contains("tls_"), "no TLS field left (nats-server 2.9.10 keeps tls_verify): " + info);
            try (Connection after = connect(null)) {
                assertDelivered(before, after, "tls.to.plain");
                assertDelivered(after, before, "plain.to.tls");
            }
        }
    }

    @Test
    void aCertificateThatCannotBeLoadedRefusesTheReloadAndKeepsTheOldTls() throws Exception {
        start(ServerOptions.builder().tls(serverCert()));
        ServerOptions before = server.options();

        ReloadException missing = assertThrows(ReloadException.class, () -> server.reload(before.toBuilder()
                .tls(TlsOptions.of(Path.of("/nonexistent/cert.pem"), TestCerts.file("server-key.pem"), null, false, null))
                .maxPayload(10).build()));
        assertTrue(missing.getMessage().startsWith("error parsing X509 certificate/key pair: "), missing.getMessage());
        ReloadException mismatch = assertThrows(ReloadException.class, () -> server.reload(before.toBuilder()
                .tls(TestCerts.server("server-ec-cert.pem", "server-key.pem")).build()));
        assertEquals("error parsing X509 certificate/key pair: tls: private key does not match public key",
                mismatch.getMessage());

        assertSame(before, server.options());
        assertFalse(log.lines.stream().anyMatch(l -> l.contains("Reloaded")), log.lines::toString);
        assertEquals(certificate("server-cert.pem"), presentedCertificate());
        assertTrue(info().contains("\"max_payload\":1048576"), "max_payload was not applied either");
        try (Connection nc = connect(TestCerts.client(null, null))) {
            assertDelivered(nc, nc, "still.tls");
        }
    }

    @Test
    void allowNonTlsAndVerifyAndMapCannotChange() throws Exception {
        start(ServerOptions.builder().tls(serverCert()));
        ServerOptions before = server.options();
        ReloadException allow = assertThrows(ReloadException.class,
                () -> server.reload(before.toBuilder().allowNonTls(true).build()));
        assertEquals("config reload not supported for AllowNonTLS: old=false, new=true", allow.getMessage());
        TlsOptions map = new TlsOptions(serverCert().certFile(), serverCert().keyFile(), TestCerts.file("ca.pem"),
                true, true, null, null, null, null);
        ReloadException tlsMap = assertThrows(ReloadException.class,
                () -> server.reload(before.toBuilder().tls(map).build()));
        assertEquals("config reload not supported for TLSMap: old=false, new=true", tlsMap.getMessage());
        assertSame(before, server.options());
    }

    /**
     * With allow_non_tls, INFO offers TLS exactly while a tls block is in force (nats-server 2.9.10
     * leaves tls_available as it was at start: see README).
     */
    @Test
    void withAllowNonTlsTheTlsBlockComesAndGoes() throws Exception {
        start(ServerOptions.builder().allowNonTls(true));
        assertFalse(info().contains("tls_"));

        server.reload(server.options().toBuilder().tls(serverCert()).build());
        assertTrue(info().contains("\"tls_available\":true"));
        try (Connection secure = connect(TestCerts.client(null, null));
             Connection plain = connect(null)) {
            assertDelivered(secure, plain, "tls.to.plain");

            server.reload(server.options().toBuilder().tls(null).build());
            assertFalse(info().contains("tls_"));
            assertDelivered(plain, secure, "plain.to.tls");
        }
    }

    // ------------------------------------------------------------------ helpers

    private Connection connect(SSLContext ctx) throws Exception {
        Options.Builder b = new Options.Builder().server("nats://127.0.0.1:" + server.port())
                .connectionTimeout(WAIT).noReconnect();
        return Nats.connect(ctx == null ? b.build() : b.sslContext(ctx).build());
    }

    private static void assertDelivered(Connection from, Connection to, String subject) throws Exception {
        Subscription sub = to.subscribe(subject);
        to.flush(WAIT);
        from.publish(subject, subject.getBytes(StandardCharsets.UTF_8));
        Message m = sub.nextMessage(WAIT);
        assertNotNull(m, "message on " + subject);
        assertEquals(subject, new String(m.getData(), StandardCharsets.UTF_8));
        sub.unsubscribe();
    }

    private static X509Certificate certificate(String file) throws Exception {
        return PemFiles.certificates(TestCerts.file(file)).get(0);
    }

    /** The certificate a new client is shown: INFO in plain text, then the handshake. */
    private X509Certificate presentedCertificate() throws Exception {
        try (Socket raw = open()) {
            readLine(raw.getInputStream());
            SSLSocket tls = (SSLSocket) TestCerts.client(null, null).getSocketFactory()
                    .createSocket(raw, "localhost", server.port(), true);
            tls.startHandshake();
            return (X509Certificate) tls.getSession().getPeerCertificates()[0];
        }
    }

    /** The INFO line a new client gets. */
    private String info() throws IOException {
        try (Socket s = open()) {
            String line = readLine(s.getInputStream());
            assertTrue(line.startsWith("INFO {"), line);
            return line;
        }
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        s.setSoTimeout((int) WAIT.toMillis());
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) WAIT.toMillis());
        return s;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8).trim();
    }
}
