package io.jnatsd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.config.ConfigFile;
import io.nats.client.NKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jnatsd.server.NKeyAuthWireTest.publicKey;
import static io.jnatsd.server.NKeyAuthWireTest.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * jnatsd and nats-server 2.9.10 (Debian's /usr/sbin/nats-server) from the same config file with
 * nkey users: every way of presenting an nkey (right, wrong, missing, malformed) must get the
 * same answer on the wire, the same log lines for the connection (errors and debug), and /connz
 * with auth=1 must name the clients the same way.
 */
class NKeyDifferentialTest {
    private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on [^ ]+:(\\d+)");
    private static final Pattern HTTP_PORT = Pattern.compile("Starting http monitor on [^ ]+:(\\d+)");
    /** A connection's log line in either server's format: level, then the text after the cid. */
    private static final Pattern CLIENT_LINE = Pattern.compile("\\[(ERR|WRN|INF|DBG)] [^ ]+ - cid:(\\d+) - (.*)$");

    private static final String CONFIG = """
            listen: 127.0.0.1:-1
            http: 127.0.0.1:-1
            debug: true
            authorization {
              users = [
                {nkey: %s, permissions: {publish: "alice.>", subscribe: "alice.>"}}
                {user: carol, password: c}
                {user: dave, password: d, permissions: {publish: "dave.>", subscribe: "dave.>"}}
              ]
            }
            """;

    private final NKey alice = newUser();
    private final NKey mallory = newUser();

    private static NKey newUser() {
        try {
            return NKey.createUser(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** What a client does after INFO, given the INFO's nonce: the lines it sends (a PING last). */
    private Map<String, Function<String, String>> scenarios() {
        String a = publicKey(alice);
        Map<String, Function<String, String>> s = new LinkedHashMap<>();
        s.put("signed nonce", n -> connect("\"nkey\":\"" + a + "\",\"sig\":\"" + sign(alice, n) + "\""));
        s.put("signed nonce, standard base64 with padding", n -> connect("\"nkey\":\"" + a + "\",\"sig\":\""
                + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(sign(alice, n))) + "\""));
        // not here: URL-safe base64 with padding. Whether a server refuses it depends on whether this
        // connection's random nonce gives a signature with '-' or '_' (without them it is also valid
        // standard base64), so the two servers' answers differ by chance; NonceSignatureTest covers it.
        s.put("signature of another text", n -> connect("\"nkey\":\"" + a + "\",\"sig\":\""
                + sign(alice, "another-text") + "\""));
        s.put("nonce signed by another key", n -> connect("\"nkey\":\"" + a + "\",\"sig\":\""
                + sign(mallory, n) + "\""));
        s.put("missing sig", n -> connect("\"nkey\":\"" + a + "\""));
        s.put("empty sig", n -> connect("\"nkey\":\"" + a + "\",\"sig\":\"\""));
        s.put("sig not base64", n -> connect("\"nkey\":\"" + a + "\",\"sig\":\"not base64!\""));
        s.put("unknown nkey", n -> connect("\"nkey\":\"" + publicKey(mallory) + "\",\"sig\":\""
                + sign(mallory, n) + "\""));
        s.put("malformed nkey", n -> connect("\"nkey\":\"UABC\",\"sig\":\"" + sign(alice, n) + "\""));
        s.put("no credentials", n -> connect(""));
        s.put("password user, wrong password", n -> connect("\"user\":\"carol\",\"pass\":\"x\""));
        s.put("password user", n -> connect("\"user\":\"carol\",\"pass\":\"c\""));
        s.put("PING before CONNECT", n -> "PING\r\n");
        s.put("nkey user beyond its permissions", n -> connect("\"nkey\":\"" + a + "\",\"sig\":\"" + sign(alice, n)
                + "\"").replace("PING\r\n", BEYOND_PERMISSIONS));
        s.put("password user beyond its permissions", n -> connect("\"user\":\"dave\",\"pass\":\"d\"")
                .replace("PING\r\n", BEYOND_PERMISSIONS));
        return s;
    }

    /** A publish and subscriptions (plain and queue) outside alice's and dave's permissions. */
    private static final String BEYOND_PERMISSIONS =
            "PUB bob.x 2\r\nhi\r\nSUB bob.> 1\r\nSUB bob.> q 2\r\nSUB alice.x 3\r\nPING\r\n";

    private static String connect(String fields) {
        return "CONNECT {\"verbose\":false,\"protocol\":1" + (fields.isEmpty() ? "" : "," + fields) + "}\r\nPING\r\n";
    }

    /** One server under test: where it listens and what it logged. */
    private record Target(int port, int httpPort, List<String> log) {
    }

    /** What a client saw and what the server logged about its connection. */
    private record Outcome(boolean nonce, List<String> received, boolean closedByServer, List<String> log) {
    }

    @Test
    void nkeyAuthenticationAsNatsServer(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server 2.9.10 is not installed (apt-get install nats-server)");
        Path conf = dir.resolve("nkeys.conf");
        Files.writeString(conf, CONFIG.formatted(publicKey(alice)));

        Map<String, Outcome> reference = new LinkedHashMap<>();
        List<List<String>> referenceConnz;
        List<String> natsLog = new CopyOnWriteArrayList<>();
        Process nats = new ProcessBuilder(NATS_SERVER.toString(), "-c", conf.toString())
                .redirectErrorStream(true).start();
        try {
            int[] ports = ports(nats, natsLog);
            Target t = new Target(ports[0], ports[1], natsLog);
            for (var e : scenarios().entrySet()) {
                reference.put(e.getKey(), run(t, e.getValue()));
            }
            referenceConnz = connz(t);
        } finally {
            nats.destroy();
            if (!nats.waitFor(5, TimeUnit.SECONDS)) {
                nats.destroyForcibly();
            }
        }

        Map<String, Outcome> ours = new LinkedHashMap<>();
        List<List<String>> ourConnz;
        RecordingLog log = RecordingLog.withDebug();
        try (NatsServer jnatsd = new NatsServer(ConfigFile.load(conf).builder().build(), log).start()) {
            Target t = new Target(jnatsd.port(), jnatsd.monitor().httpPort(), log.lines);
            for (var e : scenarios().entrySet()) {
                ours.put(e.getKey(), run(t, e.getValue()));
            }
            ourConnz = connz(t);
        }

        // the checks below only mean something if nats-server behaves as the tests elsewhere assume
        assertEquals(List.of("PONG"), reference.get("signed nonce").received());
        assertTrue(reference.get("missing sig").closedByServer());
        List<String> problems = new ArrayList<>();
        for (String name : reference.keySet()) {
            if (!reference.get(name).equals(ours.get(name))) {
                problems.add(name + ":\n      nats-server: " + reference.get(name) + "\n      jnatsd:      " + ours.get(name));
            }
        }
        assertTrue(problems.isEmpty(), "differences from nats-server:\n  " + String.join("\n  ", problems));
        assertEquals(referenceConnz, ourConnz, "/connz?auth=1 then ?state=closed&auth=1: [name, authorized_user]");
        assertEquals(List.of(List.of("alice", publicKey(alice)), List.of("carol", "carol"), List.of("alice", "")),
                ourConnz);
    }

    /** Runs one scenario on a fresh connection. */
    private static Outcome run(Target t, Function<String, String> scenario) throws Exception {
        try (Socket s = new Socket()) {
            s.setSoTimeout((int) TIMEOUT.toMillis());
            s.connect(new InetSocketAddress("127.0.0.1", t.port()), (int) TIMEOUT.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String infoLine = in.readLine();
            assertTrue(infoLine != null && infoLine.startsWith("INFO "), "INFO expected, got " + infoLine);
            JsonNode info = JSON.readTree(infoLine.substring(5));
            String nonce = info.path("nonce").asText("");
            long cid = info.get("client_id").asLong();
            OutputStream out = s.getOutputStream();
            out.write(scenario.apply(nonce).getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> received = new ArrayList<>();
            boolean closed = false;
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    closed = true;
                    break;
                }
                if (line.equals("PING")) {
                    continue; // the server's own first PING, whenever it comes
                }
                received.add(line);
                if (line.equals("PONG")) {
                    break;
                }
            }
            s.close();
            String end = "cid:" + cid + " - Client connection closed";
            awaitLogged(t.log(), end);
            return new Outcome(nonce.matches("[A-Za-z0-9_-]{15}"), received, closed, connectionLog(t.log(), cid));
        }
    }

    /** A line, or null once the server closed the connection (EOF or reset). */
    private static String readLine(BufferedReader in) throws IOException {
        try {
            return in.readLine();
        } catch (SocketTimeoutException e) {
            return fail("the server neither answered nor closed within " + TIMEOUT.toMillis() + " ms");
        } catch (SocketException reset) {
            return null;
        }
    }

    /** The connection's log lines as "[LVL] text", in order. */
    private static List<String> connectionLog(List<String> log, long cid) {
        List<String> out = new ArrayList<>();
        for (String line : log) {
            Matcher m = CLIENT_LINE.matcher(line);
            if (m.find() && Long.parseLong(m.group(2)) == cid) {
                out.add("[" + m.group(1) + "] " + m.group(3));
            }
        }
        return out;
    }

    /**
     * [name, authorized_user] of the connections while alice (nkey) and carol are connected, then
     * of alice's connection once closed.
     */
    private List<List<String>> connz(Target t) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        List<List<String>> out = new ArrayList<>();
        try (Socket a = new Socket(); Socket c = new Socket()) {
            // one after the other, so that alice has the lower client id on both servers
            BufferedReader aIn = open(a, t.port());
            String nonce = JSON.readTree(aIn.readLine().substring(5)).get("nonce").asText();
            BufferedReader cIn = open(c, t.port());
            send(a, "CONNECT {\"verbose\":false,\"name\":\"alice\",\"nkey\":\"" + publicKey(alice)
                    + "\",\"sig\":\"" + sign(alice, nonce) + "\"}\r\nPING\r\n");
            cIn.readLine();
            send(c, "CONNECT {\"verbose\":false,\"name\":\"carol\",\"user\":\"carol\",\"pass\":\"c\"}\r\nPING\r\n");
            assertEquals("PONG", nextNonPing(aIn));
            assertEquals("PONG", nextNonPing(cIn));
            for (JsonNode conn : get(http, t, "/connz?auth=1").get("connections")) {
                out.add(List.of(conn.path("name").asText(), conn.path("authorized_user").asText()));
            }
        }
        awaitTrue("alice's connection listed as closed", () -> closedNamed(http, t, "alice") != null);
        JsonNode closed = closedNamed(http, t, "alice");
        out.add(List.of("alice", closed.path("authorized_user").asText()));
        return out;
    }

    private static JsonNode closedNamed(HttpClient http, Target t, String name) {
        try {
            for (JsonNode conn : get(http, t, "/connz?state=closed&auth=1&limit=1000").get("connections")) {
                if (name.equals(conn.path("name").asText())) {
                    return conn;
                }
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode get(HttpClient http, Target t, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.httpPort() + path))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return JSON.readTree(r.body());
    }

    private static BufferedReader open(Socket s, int port) throws IOException {
        s.setSoTimeout((int) TIMEOUT.toMillis());
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static String nextNonPing(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
        } while ("PING".equals(line));
        return line;
    }

    /** Bounded poll of a log, which has no event to wait on. */
    private static void awaitLogged(List<String> log, String part) {
        awaitTrue("a log line containing \"" + part + "\"", () -> log.stream().anyMatch(l -> l.contains(part)));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + TIMEOUT.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Client and monitoring ports from nats-server's log; every line is kept in {@code lines}. */
    private static int[] ports(Process p, List<String> lines) {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the stream closes when the process is destroyed
            }
        }, "nats-server-log");
        reader.setDaemon(true);
        reader.start();
        int[] ports = new int[2];
        awaitTrue("nats-server listening (log so far: " + lines + ")", () -> {
            for (String line : lines) {
                Matcher c = CLIENT_PORT.matcher(line);
                if (c.find()) {
                    ports[0] = Integer.parseInt(c.group(1));
                }
                Matcher h = HTTP_PORT.matcher(line);
                if (h.find()) {
                    ports[1] = Integer.parseInt(h.group(1));
                }
            }
            return ports[0] != 0 && ports[1] != 0;
        });
        return ports;
    }
}
