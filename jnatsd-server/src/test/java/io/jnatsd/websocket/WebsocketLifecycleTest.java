package io.jnatsd.websocket;

import io.jnatsd.config.ConfigFile;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.RecordingLog;
import io.jnatsd.server.ReloadException;
import io.jnatsd.tls.TestCerts;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Websocket clients under the server's rules for every client: max_connections, the
 * authorization timeout, lame duck mode and shutdown close them as nats-server does (its
 * -ERR, then its close frame status and text); plus what surrounds the listener: the ports
 * file, config reload, TLS refusing plain HTTP, browser-sized frames.
 */
class WebsocketLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static NatsServer start(String topLevel, String wsBlock, RecordingLog log) throws Exception {
        String conf = "listen: \"127.0.0.1:-1\"\n" + topLevel + "\nwebsocket {\n listen: \"127.0.0.1:-1\"\n" + wsBlock
                + "\n}\n";
        ServerOptions o = ConfigFile.parse(conf, Path.of("ws.conf"), Map.of()).options().toBuilder().ioThreads(1).build();
        return new NatsServer(o, log).start();
    }

    private static RawWebsocket upgraded(NatsServer s, String extraHeaders) throws IOException {
        RawWebsocket ws = RawWebsocket.request(s.websocketPort(), null,
                RawWebsocket.upgradeRequest(s.websocketPort(), extraHeaders));
        assertEquals("HTTP/1.1 101 Switching Protocols", ws.answer().statusLine());
        return ws;
    }

    private static void assertClosedWith(RawWebsocket ws, int status, String text) throws IOException {
        RawWebsocket.Frame f = ws.readFrame();
        assertEquals(List.of(RawWebsocket.OP_CLOSE, status, text), List.of(f.opcode(), f.closeStatus(), f.closeText()));
        assertTrue(ws.closedByServer(), "still open after the close frame");
    }

    @Test
    void overMaxConnectionsGetsInfoErrAndPolicyViolation() throws Exception {
        RecordingLog log = new RecordingLog();
        try (NatsServer s = start("max_connections: 1", "no_tls: true", log);
             Connection first = Nats.connect(new Options.Builder().server(s.clientUrl()).connectionTimeout(WAIT)
                     .noReconnect().build());
             RawWebsocket ws = upgraded(s, "X-Forwarded-For: 10.1.2.3\r\n")) {
            String text = ws.readUntil("-ERR 'maximum connections exceeded'\r\n");
            assertTrue(text.startsWith("INFO "), text);
            assertClosedWith(ws, 1008, "Maximum Connections Exceeded");
            // nats-server's log prefix for a websocket client behind a proxy
            assertTrue(log.lines.stream().anyMatch(l -> l.matches(
                    "\\[ERR] 10\\.1\\.2\\.3/127\\.0\\.0\\.1:\\d+ - wid:\\d+ - maximum connections exceeded")), log.lines.toString());
            assertEquals(Connection.Status.CONNECTED, first.getStatus());
        }
    }

    @Test
    void theWebsocketAuthorizationTimeoutApplies() throws Exception {
        try (NatsServer s = start("", "no_tls: true\nauthorization { token: t, timeout: 0.3 }", new RecordingLog());
             RawWebsocket ws = upgraded(s, "")) {
            String text = ws.readUntil("-ERR 'Authentication Timeout'\r\n");
            assertTrue(text.startsWith("INFO ") && text.contains("\"auth_required\":true"), text);
            assertClosedWith(ws, 1008, "Authentication Timeout");
        }
    }

    @Test
    void lameDuckModeTellsWebsocketClientsThenClosesThemAndTheListener() throws Exception {
        String ldm = "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"10ms\"";
        try (NatsServer s = start(ldm, "no_tls: true", new RecordingLog());
             RawWebsocket ws = upgraded(s, "")) {
            int port = s.websocketPort();
            ws.readFrame(); // INFO
            ws.sendBinary("CONNECT {\"verbose\":false,\"protocol\":1}\r\nPING\r\n");
            assertEquals("PONG\r\n", ws.readFrame().text());
            s.enterLameDuckMode();
            String ldmInfo = ws.readFrame().text();
            assertTrue(ldmInfo.startsWith("INFO ") && ldmInfo.contains("\"ldm\":true"), ldmInfo);
            assertClosedWith(ws, 1001, "Server Shutdown");
            assertTrue(s.awaitShutdown(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    @Test
    void shutdownSendsGoingAway() throws Exception {
        NatsServer s = start("", "no_tls: true", new RecordingLog());
        try (RawWebsocket ws = upgraded(s, "")) {
            ws.readFrame();
            s.close();
            assertClosedWith(ws, 1001, "Server Shutdown");
        } finally {
            s.close();
        }
    }

    @Test
    void browsersGetFramesOfAtMost4KiB() throws Exception {
        try (NatsServer s = start("", "no_tls: true", new RecordingLog());
             RawWebsocket ws = upgraded(s, "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n")) {
            ws.readFrame();
            String body = "b".repeat(10_000);
            ws.sendBinary("CONNECT {\"verbose\":false}\r\nSUB big 1\r\nPUB big 10000\r\n" + body + "\r\n");
            StringBuilder got = new StringBuilder();
            String expected = "MSG big 1 10000\r\n" + body + "\r\n";
            int frames = 0;
            while (got.length() < expected.length()) {
                RawWebsocket.Frame f = ws.readFrame();
                assertTrue(f.fin() && f.payload().length <= FrameBridge.BROWSER_FRAME_SIZE, "frame of " + f.payload().length);
                got.append(f.text());
                frames++;
            }
            assertEquals(expected, got.toString());
            assertTrue(frames >= 3, frames + " frames");
        }
    }

    @Test
    void compressionIsAgreedAsNatsServerDoesAndUsedBothWays() throws Exception {
        try (NatsServer s = start("", "no_tls: true\ncompression: true", new RecordingLog());
             RawWebsocket ws = upgraded(s, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                    ws.answer().headers().get("sec-websocket-extensions").replace(";", "; "));
            RawWebsocket.Frame info = ws.readFrame();
            assertTrue(info.compressed() && info.text().startsWith("INFO "), info.toString());
            String body = "c".repeat(500);
            ws.sendFrame(RawWebsocket.OP_BINARY, ("CONNECT {\"verbose\":false}\r\nSUB c 1\r\nPUB c 500\r\n" + body
                    + "\r\n").getBytes(StandardCharsets.UTF_8), true);
            RawWebsocket.Frame msg = ws.readFrame();
            assertTrue(msg.compressed(), "a message over 64 bytes goes compressed");
            assertEquals("MSG c 1 500\r\n" + body + "\r\n", msg.text());
            // each message compressed on its own (no context takeover): the same again decodes alone
            ws.sendFrame(RawWebsocket.OP_BINARY, ("PUB c 500\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8), true);
            assertEquals("MSG c 1 500\r\n" + body + "\r\n", ws.readFrame().text());
            ws.sendBinary("PING\r\n");
            RawWebsocket.Frame pong = ws.readFrame();
            assertEquals(List.of(false, "PONG\r\n"), List.of(pong.compressed(), pong.text()));
        }
    }

    @Test
    void withoutCompressionConfiguredTheOfferIsIgnored() throws Exception {
        try (NatsServer s = start("", "no_tls: true", new RecordingLog());
             RawWebsocket ws = upgraded(s, "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            assertEquals(null, ws.answer().headers().get("sec-websocket-extensions"));
            assertEquals(false, ws.readFrame().compressed());
        }
    }

    @Test
    void portsFileListsTheWebsocketUrl(@TempDir Path dir) throws Exception {
        String tls = "tls { cert_file: \"" + TestCerts.file("server-cert.pem") + "\", key_file: \""
                + TestCerts.file("server-key.pem") + "\" }";
        try (NatsServer s = start("ports_file_dir: \"" + dir + "\"", tls, new RecordingLog())) {
            Path file;
            try (Stream<Path> files = Files.list(dir)) {
                file = files.findFirst().orElseThrow();
            }
            String json = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(json.endsWith(",\"websocket\":[\"wss://127.0.0.1:" + s.websocketPort() + "\"]}"), json);
        }
    }

    @Test
    void aPlainHttpRequestOnTheTlsPortGetsGosRefusal() throws Exception {
        String tls = "tls { cert_file: \"" + TestCerts.file("server-cert.pem") + "\", key_file: \""
                + TestCerts.file("server-key.pem") + "\" }";
        RecordingLog log = new RecordingLog();
        try (NatsServer s = start("", tls, log)) {
            try (RawWebsocket ws = RawWebsocket.request(s.websocketPort(), null,
                    RawWebsocket.upgradeRequest(s.websocketPort(), ""))) {
                assertEquals("HTTP/1.0 400 Bad Request", ws.answer().statusLine());
                assertEquals("Client sent an HTTP request to an HTTPS server.\n", ws.answer().body());
            }
            try (Socket raw = new Socket("127.0.0.1", s.websocketPort())) {
                raw.getOutputStream().write(new byte[] {1, 2, 3, 4, 5, 6});
                raw.setSoTimeout((int) WAIT.toMillis());
                assertEquals(-1, raw.getInputStream().read());
            }
            log.awaitContaining("[ERR] websocket: TLS handshake error from 127.0.0.1:");
        }
    }

    @Test
    void reloadRefusesWebsocketChangesButTakesANewCertificate() throws Exception {
        String tls = "tls { cert_file: \"" + TestCerts.file("server-cert.pem") + "\", key_file: \""
                + TestCerts.file("server-key.pem") + "\" }";
        try (NatsServer s = start("", tls, new RecordingLog())) {
            ServerOptions now = s.options();
            ReloadException e = assertThrows(ReloadException.class, () -> s.reload(now.toBuilder()
                    .websocket(new io.jnatsd.config.WebsocketOptions(now.websocket().host(), now.websocket().port(),
                            null, false, now.websocket().tls(), false, List.of(), true, Duration.ZERO, null, null,
                            null, null, null)).build()));
            assertTrue(e.getMessage().startsWith("config reload not supported for Websocket: "), e.getMessage());

            var ec = TestCerts.server("server-ec-cert.pem", "server-ec-key.pem");
            s.reload(now.toBuilder().websocket(now.websocket().withTls(ec)).build());
            Options o = new Options.Builder().server(s.websocketUrl()).sslContext(TestCerts.client(null, null))
                    .connectionTimeout(WAIT).noReconnect().build();
            try (Connection nc = Nats.connect(o)) {
                assertEquals(Connection.Status.CONNECTED, nc.getStatus());
            }
        }
    }
}
