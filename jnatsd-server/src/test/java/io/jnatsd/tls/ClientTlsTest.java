package io.jnatsd.tls;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.monitor.ClosedConnections;
import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Client TLS as nats-server 2.9 does it: plain INFO, then the client's handshake, then NATS over TLS. */
class ClientTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static NatsServer start(TlsOptions tls) throws IOException {
        return new NatsServer(ServerOptions.builder().host("127.0.0.1").port(0).ioThreads(1).tls(tls).build(),
                Log.NONE).start();
    }

    private static String tlsUrl(NatsServer s) {
        return "tls://127.0.0.1:" + s.port();
    }

    private static Connection connect(NatsServer s, SSLContext ctx) throws Exception {
        return Nats.connect(options(tlsUrl(s), null).sslContext(ctx).build());
    }

    /**
     * A connect the server must refuse. jnats does not notice the server's alert after a TLS 1.3
     * handshake and waits for its connection timeout, so that is kept short; the closed
     * connection's reason is what proves the refusal.
     */
    private static void assertRefused(NatsServer s, SSLContext ctx) {
        Options o = options(tlsUrl(s), null).sslContext(ctx).connectionTimeout(Duration.ofMillis(500)).build();
        assertThrows(IOException.class, () -> Nats.connect(o));
        awaitClosedReason(s, "TLS Handshake Failure");
    }

    /** jnats reports why a connect failed to its error listener, not in the exception it throws. */
    private static Options.Builder options(String url, List<Exception> errors) {
        Options.Builder b = new Options.Builder().server(url).connectionTimeout(WAIT).noReconnect();
        if (errors != null) {
            b.errorListener(new ErrorListener() {
                @Override
                public void exceptionOccurred(Connection conn, Exception exp) {
                    errors.add(exp);
                }
            });
        }
        return b;
    }

    private static void assertRoundTrip(Connection nc) throws Exception {
        Subscription sub = nc.subscribe("tls.test");
        nc.publish("tls.test", "hello".getBytes(StandardCharsets.UTF_8));
        Message m = sub.nextMessage(WAIT);
        assertNotNull(m, "message over TLS");
        assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({
            "server-cert.pem, server-key.pem",        // PKCS#8
            "server-cert.pem, server-key-pkcs1.pem",  // PKCS#1 RSA
            "server-ec-cert.pem, server-ec-key.pem",  // SEC1 EC
    })
    void jnatsPublishesAndReceivesOverTls(String cert, String key) throws Exception {
        try (NatsServer s = start(TestCerts.server(cert, key));
             Connection nc = connect(s, TestCerts.client(null, null))) {
            assertRoundTrip(nc);
            assertEquals("127.0.0.1", nc.getServerInfo().getClientIp());
            assertTrue(nc.getServerInfo().isTLSRequired());
        }
    }

    @Test
    void infoIsSentInPlainTextWithTlsRequiredAndVerify() throws Exception {
        TlsOptions plain = TestCerts.server("server-cert.pem", "server-key.pem");
        TlsOptions verify = TlsOptions.of(plain.certFile(), plain.keyFile(), TestCerts.file("ca.pem"), true, null);
        try (NatsServer s = start(plain); Socket sock = new Socket("127.0.0.1", s.port())) {
            String info = readLine(sock.getInputStream());
            assertTrue(info.startsWith("INFO {"), info);
            assertTrue(info.contains("\"tls_required\":true"), info);
            assertFalse(info.contains("tls_verify"), info);
            assertFalse(info.contains("tls_available"), info);
        }
        try (NatsServer s = start(verify); Socket sock = new Socket("127.0.0.1", s.port())) {
            String info = readLine(sock.getInputStream());
            assertTrue(info.contains("\"tls_required\":true,\"tls_verify\":true,\"max_payload\""), info);
        }
    }

    @Test
    void plainTextClientGetsInfoThenTheConnectionClosesAsTlsHandshakeFailure() throws Exception {
        try (NatsServer s = start(TestCerts.server("server-cert.pem", "server-key.pem"));
             Socket sock = new Socket("127.0.0.1", s.port())) {
            sock.setSoTimeout((int) WAIT.toMillis());
            InputStream in = sock.getInputStream();
            readLine(in);
            OutputStream out = sock.getOutputStream();
            out.write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // nats-server 2.9.10 answers nothing after INFO: the connection just ends
            assertEquals("", readToEnd(in));
            awaitClosedReason(s, "TLS Handshake Failure");
        }
    }

    @Test
    void clientThatNeverStartsTheHandshakeIsClosedAfterTheTlsTimeout() throws Exception {
        TlsOptions base = TestCerts.server("server-cert.pem", "server-key.pem");
        TlsOptions quick = new TlsOptions(base.certFile(), base.keyFile(), null, false, false,
                Duration.ofMillis(200), null, null, null);
        try (NatsServer s = start(quick); Socket sock = new Socket("127.0.0.1", s.port())) {
            sock.setSoTimeout((int) WAIT.toMillis());
            InputStream in = sock.getInputStream();
            readLine(in);
            long t0 = System.nanoTime();
            assertEquals("", readToEnd(in));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150), "closed before the timeout");
            awaitClosedReason(s, "TLS Handshake Failure");
        }
    }

    @Test
    void jnatsWithoutTlsIsToldTheServerWantsTls() throws Exception {
        try (NatsServer s = start(TestCerts.server("server-cert.pem", "server-key.pem"))) {
            List<Exception> errors = new CopyOnWriteArrayList<>();
            Options o = options("nats://127.0.0.1:" + s.port(), errors).build();
            assertThrows(IOException.class, () -> Nats.connect(o));
            assertTrue(errors.stream().flatMap(e -> causes(e).stream())
                    .anyMatch(c -> "SSL required by server.".equals(c.getMessage())), errors.toString());
        }
    }

    @Test
    void mutualTlsAcceptsAClientCertificateSignedByTheCa() throws Exception {
        try (NatsServer s = start(verifying());
             Connection nc = connect(s, TestCerts.client("client-cert.pem", "client-key.pem"))) {
            assertRoundTrip(nc);
        }
    }

    @Test
    void mutualTlsRejectsAnUntrustedClientCertificate() throws Exception {
        try (NatsServer s = start(verifying())) {
            assertRefused(s, TestCerts.client("untrusted-cert.pem", "untrusted-key.pem"));
            assertEquals(0, s.connectionCount());
        }
    }

    @Test
    void mutualTlsRejectsAClientWithoutCertificate() throws Exception {
        try (NatsServer s = start(verifying())) {
            assertRefused(s, TestCerts.client(null, null));
        }
    }

    @Test
    void clientRejectsAnExpiredServerCertificateSayingItExpired() throws Exception {
        try (NatsServer s = start(TestCerts.server("expired-cert.pem", "server-key.pem"))) {
            List<Exception> errors = new CopyOnWriteArrayList<>();
            Options o = options(tlsUrl(s), errors).sslContext(TestCerts.client(null, null)).build();
            assertThrows(IOException.class, () -> Nats.connect(o));
            assertTrue(errors.stream().flatMap(e -> causes(e).stream())
                    .anyMatch(c -> c instanceof CertificateExpiredException), errors.toString());
            awaitClosedReason(s, "TLS Handshake Failure");
        }
    }

    private static TlsOptions verifying() {
        return TlsOptions.of(TestCerts.file("server-cert.pem"), TestCerts.file("server-key.pem"),
                TestCerts.file("ca.pem"), true, null);
    }

    private static List<Throwable> causes(Throwable t) {
        java.util.ArrayList<Throwable> out = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    /** Bounded poll of the server's closed-connection list (no event to wait on). */
    static void awaitClosedReason(NatsServer s, String reason) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (ClosedConnections.Entry e : s.monitor().closedConnections().snapshot()) {
                if (reason.equals(e.info().reason())) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no connection closed with reason " + reason + ": "
                        + s.monitor().closedConnections().snapshot());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8).trim();
    }

    /** Everything until the server closes (bounded by the socket timeout). */
    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
