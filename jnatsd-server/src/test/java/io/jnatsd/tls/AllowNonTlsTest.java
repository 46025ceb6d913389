package io.jnatsd.tls;

import io.jnatsd.config.ConfigFile;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code allow_non_tls}: TLS and plain-text clients on one port, told apart by the first byte
 * they send after INFO, as nats-server 2.9.10 does.
 */
class AllowNonTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pattern TLS_FIELD = Pattern.compile("\"(tls_[a-z]+)\":(true|false)");

    private static NatsServer start(ServerOptions.Builder b) throws IOException {
        return new NatsServer(b.host("127.0.0.1").port(0).ioThreads(1).build(), Log.NONE).start();
    }

    private static ServerOptions.Builder allowNonTls(TlsOptions tls) {
        return ServerOptions.builder().tls(tls).allowNonTls(true);
    }

    private static Connection connect(NatsServer s, SSLContext ctx) throws Exception {
        Options.Builder b = new Options.Builder().server("nats://127.0.0.1:" + s.port())
                .connectionTimeout(WAIT).noReconnect();
        return Nats.connect(ctx == null ? b.build() : b.sslContext(ctx).build());
    }

    @Test
    void jnatsOverTlsAndInPlainTextShareOneServer() throws Exception {
        try (NatsServer s = start(allowNonTls(TestCerts.server("server-cert.pem", "server-key.pem")));
             Connection secure = connect(s, TestCerts.client(null, null));
             Connection plain = connect(s, null)) {
            assertFalse(secure.getServerInfo().isTLSRequired());
            assertTrue(secure.getServerInfo().isTLSAvailable(), "jnats only starts TLS when the server offers it");
            assertDelivered(secure, plain, "to.plain");
            assertDelivered(plain, secure, "to.tls");
            assertEquals(2, s.connectionCount());
        }
    }

    private static void assertDelivered(Connection from, Connection to, String subject) throws Exception {
        Subscription sub = to.subscribe(subject);
        to.flush(WAIT);
        from.publish(subject, subject.getBytes(StandardCharsets.UTF_8));
        Message m = sub.nextMessage(WAIT);
        assertNotNull(m, "message on " + subject);
        assertEquals(subject, new String(m.getData(), StandardCharsets.UTF_8));
    }

    /**
     * nats-server decides "plain text" when a client sends nothing within the TLS timeout, and
     * only then starts the auth timer: a silent client gets the plain-text auth timeout error after
     * both timeouts (nats-server 2.9.10: 0.4 s + 0.3 s gave the error after 0.70 s).
     */
    @Test
    void aSilentClientIsTakenAsPlainTextAfterTheTlsTimeout() throws Exception {
        TlsOptions base = TestCerts.server("server-cert.pem", "server-key.pem");
        TlsOptions quick = new TlsOptions(base.certFile(), base.keyFile(), null, false, false,
                Duration.ofMillis(300), null, null, null);
        try (NatsServer s = start(allowNonTls(quick).authToken("s3cret").authTimeout(Duration.ofMillis(300)));
             Socket sock = open(s.port())) {
            InputStream in = sock.getInputStream();
            readLine(in);
            long t0 = System.nanoTime();
            assertEquals("-ERR 'Authentication Timeout'", readLine(in));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(elapsedMs >= 500, "auth timer started before the TLS timeout ended: " + elapsedMs + " ms");
        }
    }

    @Test
    void bytesOfAPlainClientArrivingOneByOneAreAllParsed() throws Exception {
        try (NatsServer s = start(allowNonTls(TestCerts.server("server-cert.pem", "server-key.pem")));
             Socket sock = open(s.port())) {
            InputStream in = sock.getInputStream();
            readLine(in);
            OutputStream out = sock.getOutputStream();
            for (byte b : "CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
            assertEquals("PONG", readLine(in));
        }
    }

    /** As nats-server: verify applies to clients that chose TLS; a plain-text client has no certificate to check. */
    @Test
    void withVerifyATlsClientNeedsACertificateAndAPlainClientDoesNot() throws Exception {
        TlsOptions verify = TlsOptions.of(TestCerts.file("server-cert.pem"), TestCerts.file("server-key.pem"),
                TestCerts.file("ca.pem"), true, null);
        try (NatsServer s = start(allowNonTls(verify))) {
            try (Connection plain = connect(s, null)) {
                assertDelivered(plain, plain, "plain.without.cert");
            }
            try (Connection mutual = connect(s, TestCerts.client("client-cert.pem", "client-key.pem"))) {
                assertDelivered(mutual, mutual, "tls.with.cert");
            }
            try (Socket raw = open(s.port())) {
                readLine(raw.getInputStream());
                SSLSocket tls = (SSLSocket) TestCerts.client(null, null).getSocketFactory()
                        .createSocket(raw, "localhost", s.port(), true);
                // TLS 1.3: the client's handshake ends before the server checks its certificate,
                // so the refusal shows on the first read
                assertThrows(IOException.class, () -> {
                    tls.startHandshake();
                    tls.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    if (tls.getInputStream().read() < 0) {
                        throw new IOException("closed");
                    }
                });
            }
            ClientTlsTest.awaitClosedReason(s, "TLS Handshake Failure");
        }
    }

    /**
     * The TLS fields of INFO, in order, for a config file: as written here (what nats-server 2.9.10
     * sent), and checked against nats-server itself started from the same file when it is installed.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "allow_non_tls + tls         | tls_available=true",
            "allow_non_tls + tls verify  | tls_verify=true tls_available=true",
            "allow_non_tls alone         | ''",
            "tls alone                   | tls_required=true",
    })
    void infoTlsFieldsAreNatsServers(String setup, String expected, @TempDir Path dir) throws Exception {
        String tls = "tls { cert_file: " + quoted("server-cert.pem") + ", key_file: " + quoted("server-key.pem");
        String config = "listen: 127.0.0.1:-1\n" + switch (setup) {
            case "allow_non_tls + tls" -> "allow_non_tls: true\n" + tls + " }\n";
            case "allow_non_tls + tls verify" -> "allow_non_tls: true\n" + tls + ", ca_file: " + quoted("ca.pem")
                    + ", verify: true }\n";
            case "allow_non_tls alone" -> "allow_non_tls: true\n";
            case "tls alone" -> tls + " }\n";
            default -> throw new IllegalArgumentException(setup);
        };
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, config);

        List<String> ours;
        try (NatsServer s = new NatsServer(ConfigFile.load(conf).builder().ioThreads(1).build(), Log.NONE).start()) {
            ours = tlsFields(infoLine(s.port()));
        }
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), ours, config);

        assumeTrue(ReferenceServer.installed(), "nats-server 2.9.10 is not installed (apt-get install nats-server)");
        try (ReferenceServer nats = ReferenceServer.start(conf)) {
            assertEquals(tlsFields(infoLine(nats.port())), ours, "jnatsd and nats-server for\n" + config);
        }
    }

    private static String quoted(String certFile) {
        return "\"" + TestCerts.file(certFile).toString().replace("\\", "\\\\") + "\"";
    }

    private static List<String> tlsFields(String info) {
        List<String> out = new ArrayList<>();
        Matcher m = TLS_FIELD.matcher(info);
        while (m.find()) {
            out.add(m.group(1) + "=" + m.group(2));
        }
        return out;
    }

    private static String infoLine(int port) throws IOException {
        try (Socket s = open(port)) {
            String line = readLine(s.getInputStream());
            assertTrue(line.startsWith("INFO {"), line);
            return line;
        }
    }

    private static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout((int) WAIT.toMillis());
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        return s;
    }

    /** One line without its CRLF; bounded by the socket timeout. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8).trim();
    }
}
