package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.RecordingLog;
import io.jnatsd.tls.TestCerts;
import io.jnatsd.tls.TlsOptions;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedKeyManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monitoring over HTTPS ({@code https_port}), as nats-server 2.9.10 serves it: the same
 * endpoints behind the client {@code tls} block's certificate, never asking for a client
 * certificate, and refused at start-up with nats-server's messages when misconfigured.
 */
class HttpsMonitorTest {
    private static final String HOST = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NatsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static TlsOptions serverTls() {
        return TestCerts.server("server-cert.pem", "server-key.pem");
    }

    /** TLS that requires client certificates signed by the test CA (nats-server's {@code verify: true}). */
    private static TlsOptions verifyingTls() {
        return TlsOptions.of(TestCerts.file("server-cert.pem"), TestCerts.file("server-key.pem"),
                TestCerts.file("ca.pem"), true, null);
    }

    private static NatsServer start(Log log, Consumer<ServerOptions.Builder> config) throws IOException {
        ServerOptions.Builder b = ServerOptions.builder().host(HOST).port(0).httpHost(HOST).ioThreads(1);
        config.accept(b);
        return new NatsServer(b.build(), log).start();
    }

    private static HttpClient https(SSLContext ctx) {
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(MonitoredServer.TIMEOUT).build();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        URI uri = URI.create("https://" + HOST + ":" + server.monitor().httpsPort() + path);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(MonitoredServer.TIMEOUT).GET().build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheEndpointsOverHttpsWithTheTlsCertificate() throws Exception {
        RecordingLog log = new RecordingLog();
        server = start(log, b -> b.tls(serverTls()).httpsPort(ServerOptions.RANDOM_PORT));
        int port = server.monitor().httpsPort();
        assertTrue(port > 0, "bound an ephemeral port for -1");
        assertEquals(-1, server.monitor().httpPort(), "no plain HTTP listener");
        assertEquals(URI.create("https://" + HOST + ":" + port + "/"), server.monitor().httpUrl());
        assertTrue(log.lines.contains("[INF] Starting https monitor on " + HOST + ":" + port), log.lines.toString());

        SSLContext trusting = TestCerts.client(null, null);
        HttpClient client = https(trusting);
        HttpResponse<String> varz = get(client, "/varz");
        assertEquals(200, varz.statusCode());
        assertEquals("application/json", varz.headers().firstValue("content-type").orElse(""));
        JsonNode v = JSON.readTree(varz.body());
        assertEquals(server.serverId(), v.get("server_id").asText());
        assertEquals(-1, v.get("https_port").asInt(), "the configured value, as nats-server reports it");
        assertEquals(0, v.get("http_port").asInt());

        Options o = new Options.Builder().server("tls://" + HOST + ":" + server.port()).sslContext(trusting)
                .connectionName("over-tls").connectionTimeout(MonitoredServer.TIMEOUT).noReconnect()
                .errorListener(new MonitoredServer.QuietErrors()).build();
        try (Connection c = Nats.connect(o)) {
            c.subscribe("orders.>");
            c.flush(MonitoredServer.TIMEOUT);
            JsonNode connz = JSON.readTree(get(client, "/connz?subs=1").body());
            assertEquals(1, connz.get("num_connections").asInt());
            assertEquals("over-tls", connz.get("connections").get(0).get("name").asText());
            assertEquals("orders.>", connz.get("connections").get(0).get("subscriptions_list").get(0).asText());
            assertEquals(1, JSON.readTree(get(client, "/subsz").body()).get("num_subscriptions").asInt());
        }
        for (String path : List.of("/", "/routez", "/subsz?subs=1", "/metrics")) {
            assertEquals(200, get(client, path).statusCode(), path);
        }
        assertEquals("{\"status\":\"ok\"}", get(client, "/healthz").body());
    }

    @Test
    void aPlainHttpRequestGetsGosRefusalNotAMonitoringAnswer() throws Exception {
        server = start(Log.NONE, b -> b.tls(serverTls()).httpsPort(ServerOptions.RANDOM_PORT));
        String answer = exchange(server.monitor().httpsPort(), "GET /varz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n", answer);
    }

    @Test
    void bytesThatAreNeitherTlsNorHttpAreDroppedAndLogged() throws Exception {
        RecordingLog log = new RecordingLog();
        server = start(log, b -> b.tls(serverTls()).httpsPort(ServerOptions.RANDOM_PORT));
        assertEquals("", exchange(server.monitor().httpsPort(), "hello there\r\n"));
        awaitError(log, "monitoring: TLS handshake error from 127.0.0.1:",
                ": tls: first record does not look like a TLS handshake");
    }

    @Test
    void aClientThatDoesNotTrustTheCaFailsTheHandshake() throws Exception {
        RecordingLog log = new RecordingLog();
        server = start(log, b -> b.tls(serverTls()).httpsPort(ServerOptions.RANDOM_PORT));
        SSLContext systemTrust = SSLContext.getInstance("TLS");
        systemTrust.init(null, null, null); // the JDK's default CAs, which do not include the test CA
        IOException e = assertThrows(IOException.class, () -> get(https(systemTrust), "/varz"));
        assertTrue(causedBy(e, SSLHandshakeException.class), () -> "a handshake failure, got " + e);
        awaitError(log, "monitoring: TLS handshake error from 127.0.0.1:", "");
    }

    /**
     * nats-server's monitor sets NoClientCert whatever {@code verify} says. The client here
     * holds a valid certificate and counts the server's requests for one: the monitor makes
     * none, while the client port of the same server, with the same TLS, does.
     */
    @Test
    void withVerifyTheMonitorNeitherRequiresNorRequestsAClientCertificate() throws Exception {
        server = start(Log.NONE, b -> b.tls(verifyingTls()).httpsPort(ServerOptions.RANDOM_PORT));

        assertEquals(200, get(https(TestCerts.client(null, null)), "/varz").statusCode(), "no certificate needed");

        CountingKeyManager keys = new CountingKeyManager(TestCerts.keyManager("client-cert.pem", "client-key.pem"));
        SSLContext withCert = SSLContext.getInstance("TLS");
        withCert.init(new KeyManager[] {keys}, TestCerts.trustingCa(), null);
        assertEquals(200, get(https(withCert), "/varz").statusCode());
        assertEquals(0, keys.requests.get(), "the monitor asked for a client certificate");

        // the control: the client port does ask, so the counter can see a request
        Options o = new Options.Builder().server("tls://" + HOST + ":" + server.port()).sslContext(withCert)
                .connectionTimeout(MonitoredServer.TIMEOUT).noReconnect()
                .errorListener(new MonitoredServer.QuietErrors()).build();
        try (Connection c = Nats.connect(o)) {
            c.flush(MonitoredServer.TIMEOUT);
        }
        assertTrue(keys.requests.get() > 0, "the client port asks for a certificate with verify");
    }

    @Test
    void httpAndHttpsPortsTogetherAreRefusedWithNatsServersMessage() {
        MonitorStartException e = assertThrows(MonitorStartException.class, () -> server = start(Log.NONE,
                b -> b.tls(serverTls()).httpPort(ServerOptions.RANDOM_PORT).httpsPort(ServerOptions.RANDOM_PORT)));
        assertEquals("Can't start monitoring: can't specify both HTTP (-1) and HTTPs (-1) ports", e.getMessage());
        assertEquals("can't specify both HTTP (-1) and HTTPs (-1) ports", e.reason());
    }

    @Test
    void httpsWithoutTlsIsRefusedWithNatsServersMessage() {
        MonitorStartException e = assertThrows(MonitorStartException.class,
                () -> server = start(Log.NONE, b -> b.httpsPort(ServerOptions.RANDOM_PORT)));
        assertEquals("Can't start monitoring: TLS cert and key required for HTTPS", e.getMessage());
    }

    @Test
    void aRefusedMonitorConfigIsRefusedBeforeTheClientPortIsBound() {
        RecordingLog log = new RecordingLog();
        assertThrows(MonitorStartException.class,
                () -> server = start(log, b -> b.httpsPort(ServerOptions.RANDOM_PORT)));
        // nats-server starts monitoring before it listens for clients
        assertTrue(log.lines.stream().noneMatch(l -> l.contains("Listening for client connections")),
                log.lines.toString());
    }

    /** Writes {@code request} raw and reads until the server closes (bounded by the socket timeout). */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), (int) MonitoredServer.TIMEOUT.toMillis());
            s.setSoTimeout((int) MonitoredServer.TIMEOUT.toMillis());
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[512];
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Log lines kept in order, with a bounded wait for one. */
    /** Waits until an error line starts with {@code prefix} and ends with {@code suffix}. */
    private static void awaitError(RecordingLog log, String prefix, String suffix) {
        log.awaitMatching("an error line \"" + prefix + "..." + suffix + "\"",
                l -> l.startsWith("[ERR] " + prefix) && l.endsWith(suffix));
    }

    /** Presents the delegate's certificate and counts how often a server asked for one. */
    private static final class CountingKeyManager extends X509ExtendedKeyManager {
        final AtomicInteger requests = new AtomicInteger();
        private final X509ExtendedKeyManager delegate;

        CountingKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            requests.incrementAndGet();
            return delegate.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            requests.incrementAndGet();
            return delegate.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
