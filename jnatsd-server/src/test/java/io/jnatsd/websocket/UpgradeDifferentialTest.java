package io.jnatsd.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnatsd.config.ConfigFile;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.RecordingLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * jnatsd's websocket listener next to nats-server 2.9.10's (Debian's /usr/sbin/nats-server), both
 * started from the same config file and sent the same bytes: refused upgrade requests get the
 * same HTTP status, headers (but the date) and body and the same log line; accepted ones the same
 * 101 and the same first frame; /varz the same websocket object; the websocket close, ping, handshake-timeout and early-data
 * behaviours match frame for frame. Skipped when nats-server is not installed.
 */
class UpgradeDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            listen: "127.0.0.1:-1"
            http: "127.0.0.1:-1"
            websocket {
              listen: "127.0.0.1:-1"
              no_tls: true
              same_origin: true
              allowed_origins: ["http://example.com:8080"]
              handshake_timeout: "1s"
              compression: true
              authorization { user: web, password: pw }
            }
            """;
    private static final String KEY = "Sec-WebSocket-Key: " + RawWebsocket.KEY + "\r\n";
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n" + KEY
            + "Sec-WebSocket-Version: 13\r\n";

    private static ReferenceWebsocketServer reference;
    private static NatsServer jnatsd;
    private static final RecordingLog JNATSD_LOG = new RecordingLog();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        assumeTrue(ReferenceWebsocketServer.installed(), "nats-server 2.9.10 is not installed (apt-get install nats-server)");
        Path conf = dir.resolve("ws.conf");
        Files.writeString(conf, CONFIG);
        reference = ReferenceWebsocketServer.start(conf);
        jnatsd = new NatsServer(ConfigFile.load(conf).builder().ioThreads(1).build(), JNATSD_LOG).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (jnatsd != null) {
            jnatsd.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    /** Requests both servers refuse: the request and the log line's reason nats-server gives. */
    static Stream<List<String>> refusedRequests() {
        return Stream.of(
                List.of("POST / HTTP/1.1\r\nHost: h\r\n" + UPGRADE + "\r\n", "request method must be GET"),
                List.of("GET / HTTP/1.0\r\n" + UPGRADE + "\r\n", "'Host' missing in request"),
                List.of("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\n" + KEY
                        + "Sec-WebSocket-Version: 13\r\n\r\n", "invalid value for header 'Upgrade'"),
                List.of("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n" + KEY
                        + "Sec-WebSocket-Version: 13\r\n\r\n", "invalid value for header 'Connection'"),
                List.of("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n", "key missing"),
                List.of("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + KEY
                        + "Sec-WebSocket-Version: 8\r\n\r\n", "invalid version"),
                List.of("GET / HTTP/1.1\r\nHost: h:1\r\n" + UPGRADE + "Origin: http://example.com:8080\r\n\r\n",
                        "origin not allowed: not same origin"),
                List.of("GET / HTTP/1.1\r\nHost: other.com\r\n" + UPGRADE + "Origin: http://OTHER.com:80\r\n\r\n",
                        "origin not allowed: not in the allowed list"),
                List.of("GET / HTTP/1.1\r\nHost: h\r\n" + UPGRADE + "Origin: null\r\n\r\n",
                        "origin not allowed: parse \"null\": invalid URI for request"),
                // Go answers these itself, nats-server logs nothing
                List.of("GET / HTTP/1.1\r\n" + UPGRADE + "\r\n", ""),
                List.of("garbage\r\n\r\n", ""));
    }

    @ParameterizedTest
    @MethodSource("refusedRequests")
    void refusedUpgradeRequestsGetTheSameAnswer(List<String> c) throws Exception {
        String request = c.get(0);
        String reason = c.get(1);
        RawWebsocket.Answer theirs = answer(reference.websocketPort(), request);
        RawWebsocket.Answer ours = answer(jnatsd.websocketPort(), request);
        assertEquals(theirs.statusLine(), ours.statusLine());
        assertEquals(withoutDate(theirs.headers()), withoutDate(ours.headers()));
        assertEquals(theirs.body(), ours.body());
        if (!reason.isEmpty()) {
            String line = " - websocket handshake error: " + reason;
            awaitLine("nats-server", () -> reference.log, line);
            awaitLine("jnatsd", () -> JNATSD_LOG.lines, line);
        }
    }

    private static RawWebsocket.Answer answer(int port, String request) throws IOException {
        try (RawWebsocket ws = RawWebsocket.request(port, null, request)) {
            return ws.answer();
        }
    }

    private static Map<String, String> withoutDate(Map<String, String> headers) {
        Map<String, String> m = new TreeMap<>(headers);
        m.remove("date");
        return m;
    }

    /** Bounded poll of a log, which has no event to wait on. */
    private static void awaitLine(String who, Supplier<List<String>> log, String fragment) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log.get().stream().noneMatch(l -> l.contains(fragment))) {
            if (System.nanoTime() - deadline > 0) {
                fail(who + " did not log \"" + fragment + "\":\n" + String.join("\n", log.get()));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void acceptedUpgradesGetTheSame101AndInfo() throws Exception {
        String extra = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                + "Nats-No-Masking: true\r\nSec-WebSocket-Protocol: nats\r\n";
        try (RawWebsocket theirs = RawWebsocket.request(reference.websocketPort(), null,
                RawWebsocket.upgradeRequest(reference.websocketPort(), extra));
             RawWebsocket ours = RawWebsocket.request(jnatsd.websocketPort(), null,
                     RawWebsocket.upgradeRequest(jnatsd.websocketPort(), extra))) {
            assertEquals(theirs.answer().statusLine(), ours.answer().statusLine());
            assertEquals(normalized(theirs.answer().headers()), normalized(ours.answer().headers()));

            RawWebsocket.Frame theirInfo = theirs.readFrame();
            RawWebsocket.Frame ourInfo = ours.readFrame();
            assertEquals(List.of(theirInfo.fin(), theirInfo.compressed(), theirInfo.opcode()),
                    List.of(ourInfo.fin(), ourInfo.compressed(), ourInfo.opcode()));
            assertEquals(infoFields(theirInfo), infoFields(ourInfo));
        }
    }

    /** Header names and values, ignoring case and the spacing of the extension parameters. */
    private static Map<String, Object> normalized(Map<String, String> headers) {
        Map<String, Object> m = new TreeMap<>();
        headers.forEach((k, v) -> {
            if (k.equals("sec-websocket-extensions")) {
                Set<String> params = new TreeSet<>();
                for (String p : v.split(";")) {
                    params.add(p.strip());
                }
                m.put(k, params);
            } else {
                m.put(k, k.equals("sec-websocket-accept") ? v : v.toLowerCase(Locale.ROOT));
            }
        });
        return m;
    }

    /** INFO's field names and the values that do not differ between two servers. */
    private static Map<String, String> infoFields(RawWebsocket.Frame f) throws IOException {
        String text = f.text();
        assertTrue(text.startsWith("INFO {"), text);
        Map<String, String> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
             JSON.readTree(text.substring(5)).fields(); it.hasNext(); ) {
            var e = it.next();
            boolean comparable = Set.of("version", "proto", "headers", "auth_required", "max_payload", "client_ip",
                    "host").contains(e.getKey());
            m.put(e.getKey(), comparable ? e.getValue().toString() : "*");
        }
        m.remove("go"); // nats-server's Go version; jnatsd's INFO has no such field
        return m;
    }

    /** What each server sends after the INFO when a client does {@code steps}, as frames, until it closes. */
    private static List<String> conversation(int port, String extraHeaders, boolean closes, Step... steps)
            throws Exception {
        List<String> seen = new ArrayList<>();
        try (RawWebsocket ws = RawWebsocket.request(port, null, RawWebsocket.upgradeRequest(port, extraHeaders))) {
            seen.add(ws.answer().statusLine());
            RawWebsocket.Frame info = ws.readFrame();
            seen.add("INFO compressed=" + info.compressed());
            for (Step s : steps) {
                s.send(ws);
                seen.addAll(s.expect(ws));
            }
            if (closes) {
                seen.add("end of stream=" + ws.closedByServer());
            }
        }
        return seen;
    }

    /**
     * A client action and how many frames of the answer to record; or, with {@code untilText},
     * data frames read and joined until their text ends so: how a server splits protocol lines
     * into frames depends on timing (nats-server sends "+OK" and "PONG" in one frame or in two).
     */
    private record Step(int opcode, byte[] payload, boolean compress, int frames, String untilText) {
        Step(int opcode, byte[] payload, boolean compress, int frames) {
            this(opcode, payload, compress, frames, null);
        }

        static Step binary(String text, int frames) {
            return new Step(RawWebsocket.OP_BINARY, text.getBytes(StandardCharsets.UTF_8), false, frames);
        }

        static Step binaryUntil(String text, boolean compress, String untilText) {
            return new Step(RawWebsocket.OP_BINARY, text.getBytes(StandardCharsets.UTF_8), compress, 0, untilText);
        }

        void send(RawWebsocket ws) throws IOException {
            ws.sendFrame(opcode, payload, compress);
        }

        List<String> expect(RawWebsocket ws) throws IOException {
            List<String> out = new ArrayList<>();
            if (untilText != null) {
                StringBuilder text = new StringBuilder();
                Boolean compressed = null;
                while (!text.toString().endsWith(untilText)) {
                    RawWebsocket.Frame f = ws.readFrame();
                    if (f.opcode() != RawWebsocket.OP_BINARY && f.opcode() != RawWebsocket.OP_TEXT) {
                        out.add("unexpected op=" + f.opcode());
                        break;
                    }
                    compressed = compressed == null ? f.compressed() : compressed;
                    text.append(f.text());
                }
                out.add("data compressed=" + compressed + " " + text);
                return out;
            }
            for (int i = 0; i < frames; i++) {
                RawWebsocket.Frame f = ws.readFrame();
                out.add(f.opcode() == RawWebsocket.OP_CLOSE
                        ? "close " + f.closeStatus() + " " + f.closeText()
                        : "op=" + f.opcode() + " compressed=" + f.compressed() + " " + f.text());
            }
            return out;
        }
    }

    /** The same frames from both servers; {@code closes}: the last step ends the connection. */
    private static void sameConversation(String extraHeaders, boolean closes, Step... steps) throws Exception {
        List<String> theirs = conversation(reference.websocketPort(), extraHeaders, closes, steps);
        List<String> ours = conversation(jnatsd.websocketPort(), extraHeaders, closes, steps);
        assertEquals(theirs, ours);
        assertTrue(ours.size() > 2 + steps.length - 1, "nothing compared: " + ours);
    }

    @Test
    void varzShowsTheSameWebsocketObject() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, JsonNode> blocks = new TreeMap<>();
        for (int port : new int[] {reference.httpPort(), jnatsd.monitor().httpPort()}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/varz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            ObjectNode ws = (ObjectNode) JSON.readTree(r.body()).get("websocket");
            assertTrue(ws.get("port").asInt() > 0, ws.toString());
            ws.remove("port"); // each its own
            blocks.put(port == reference.httpPort() ? "nats-server" : "jnatsd", ws);
        }
        assertEquals(blocks.get("nats-server").toString(), blocks.get("jnatsd").toString());
    }

    @Test
    void refusedCredentialsGetErrThenPolicyViolationClose() throws Exception {
        sameConversation("", true, Step.binary("CONNECT {\"user\":\"web\",\"pass\":\"nope\"}\r\n", 2));
    }

    @Test
    void aCloseFrameIsEchoedAfterPendingData() throws Exception {
        sameConversation("", true,
                Step.binaryUntil("CONNECT {\"user\":\"web\",\"pass\":\"pw\",\"verbose\":true}\r\nPING\r\n", false,
                        "PONG\r\n"),
                new Step(RawWebsocket.OP_PING, "hi".getBytes(StandardCharsets.UTF_8), false, 1),
                new Step(RawWebsocket.OP_CLOSE, new byte[] {0x03, (byte) 0xe8, 'b', 'y', 'e'}, false, 1));
    }

    @Test
    void aCloseFrameWithoutStatusIsAnsweredWithNoStatusReceived() throws Exception {
        sameConversation("", true, new Step(RawWebsocket.OP_CLOSE, new byte[0], false, 1));
    }

    @Test
    void compressedMessagesBothWays() throws Exception {
        String sub = "CONNECT {\"user\":\"web\",\"pass\":\"pw\"}\r\nSUB z 1\r\nPUB z 100\r\n" + "z".repeat(100)
                + "\r\nPING\r\n";
        sameConversation("Sec-WebSocket-Extensions: permessage-deflate\r\n", false,
                Step.binaryUntil(sub, true, "PONG\r\n"),
                Step.binary("PING\r\n", 1));
    }

    @Test
    void dataSentBeforeThe101IsRefusedByClosing() throws Exception {
        for (int port : new int[] {reference.websocketPort(), jnatsd.websocketPort()}) {
            try (RawWebsocket ws = RawWebsocket.connect(port, null)) {
                ws.send((RawWebsocket.upgradeRequest(port, "") + "PING\r\n").getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(ws.closedByServer(), "port " + port + " did not close");
            }
        }
        awaitLine("jnatsd", () -> JNATSD_LOG.lines, "websocket handshake error: client sent data before handshake is complete");
    }

    @Test
    void anUnfinishedUpgradeIsClosedSilentlyAfterTheHandshakeTimeout() throws Exception {
        for (int port : new int[] {reference.websocketPort(), jnatsd.websocketPort()}) {
            try (RawWebsocket ws = RawWebsocket.connect(port, null)) {
                long start = System.nanoTime();
                ws.send("GET / HTTP/1.1\r\nHost: h\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(ws.closedByServer(), "port " + port + " did not close");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(ms >= 800 && ms < 4000, "closed after " + ms + " ms, handshake_timeout is 1s");
            }
        }
    }
}
