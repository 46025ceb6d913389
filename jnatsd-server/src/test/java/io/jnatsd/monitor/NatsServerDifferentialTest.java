package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.config.ConfigFile;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.tls.TestCerts;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs nats-server 2.9.10 (Debian's /usr/sbin/nats-server) and jnatsd from the same config
 * file, has the same jnats clients do the same things on both, then fetches the monitoring
 * documents from both. jnatsd's JSON must have every key nats-server's has, with the same JSON
 * type and in the same order, except for {@link #EXCEPTIONS}; the per-connection counters must
 * be equal.
 */
class NatsServerDifferentialTest {
    private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on [^ ]+:(\\d+)");
    private static final Pattern HTTP_PORT = Pattern.compile("Starting http monitor on [^ ]+:(\\d+)");
    private static final Pattern ROUTE_PORT = Pattern.compile("Listening for route connections on [^ ]+:(\\d+)");

    /** A cluster node; %s is the cluster block's extra lines (the seed's route for the second node). */
    private static final String CLUSTER_CONFIG = """
            server_name: %s
            listen: 127.0.0.1:-1
            http: 127.0.0.1:-1
            cluster {
              name: diffcluster
              listen: 127.0.0.1:-1
              %s
            }
            """;

    /** Documents compared on the second (soliciting) node of a two-node cluster. */
    private static final List<String> CLUSTER_PATHS = List.of(
            "/varz", "/routez", "/routez?subs=1", "/routez?subs=detail", "/connz");

    private static final String CONFIG = """
            server_name: differential
            listen: 127.0.0.1:-1
            http: 127.0.0.1:-1
            max_payload: 524288
            authorization {
              users = [ { user: alice, password: secret } ]
            }
            """;

    /** Documents compared; each is fetched from both servers after the same client activity. */
    private static final List<String> PATHS = List.of(
            "/varz", "/connz", "/connz?subs=1", "/connz?subs=detail&auth=1", "/connz?state=closed&subs=detail",
            "/connz?state=all&sort=bytes_to", "/routez", "/routez?subs=1", "/subsz", "/subsz?subs=1",
            "/subsz?subs=1&test=orders.x", "/healthz");

    /** Keys nats-server has that jnatsd leaves out on purpose, and why. */
    private static final Map<String, String> EXCEPTIONS = Map.of(
            "/varz.system_account",
            "nats-server always creates the $SYS system account; jnatsd has no accounts yet",
            "/connz?state=all&sort=bytes_to.connections[].subscriptions_list_detail",
            "a nats-server 2.9.10 bug: an earlier subs=detail request on closed connections writes the list"
                    + " into its stored entry, so later requests show it unasked; jnatsd shows it only when asked");

    @Test
    void jnatsdAnswersWithNatsServersKeysAndTypes(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server 2.9.10 is not installed (apt-get install nats-server)");
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, CONFIG);

        Map<String, JsonNode> reference;
        Process nats = new ProcessBuilder(NATS_SERVER.toString(), "-c", conf.toString())
                .redirectErrorStream(true).start();
        try {
            int[] ports = natsPorts(nats);
            reference = run(ports[0], ports[1]);
        } finally {
            nats.destroy();
            if (!nats.waitFor(5, TimeUnit.SECONDS)) {
                nats.destroyForcibly();
            }
        }

        ServerOptions options = ConfigFile.load(conf).builder().build();
        Map<String, JsonNode> ours;
        try (NatsServer jnatsd = new NatsServer(options, Log.NONE).start()) {
            ours = run(jnatsd.port(), jnatsd.monitor().httpPort());
        }

        List<String> problems = new ArrayList<>();
        for (String path : PATHS) {
            compare(path, reference.get(path), ours.get(path), problems);
        }
        assertTrue(problems.isEmpty(), "differences from nats-server:\n  " + String.join("\n  ", problems));

        // the same activity gives the same per-connection figures
        assertEquals(counters(reference.get("/connz?state=all&sort=bytes_to")),
                counters(ours.get("/connz?state=all&sort=bytes_to")));
        for (String field : List.of("connections", "total_connections", "in_msgs", "out_msgs", "in_bytes", "out_bytes",
                "max_payload", "auth_required")) {
            assertEquals(reference.get("/varz").get(field), ours.get("/varz").get(field), "/varz " + field);
        }
    }

    /** The client and monitoring ports nats-server chose, read from its log. */
    private static int[] natsPorts(Process p) throws Exception {
        return natsPorts(p, CLIENT_PORT, HTTP_PORT);
    }

    /** The ports nats-server chose, one per pattern, read from its log. */
    private static int[] natsPorts(Process p, Pattern... patterns) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<int[]> ports = CompletableFuture.supplyAsync(() -> {
            int[] found = new int[patterns.length];
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; java.util.Arrays.stream(found).anyMatch(v -> v == 0) && (line = r.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    for (int i = 0; i < patterns.length; i++) {
                        Matcher m = patterns[i].matcher(line);
                        if (m.find()) {
                            found[i] = Integer.parseInt(m.group(1));
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (java.util.Arrays.stream(found).anyMatch(v -> v == 0)) {
                throw new IllegalStateException("nats-server did not start:\n" + seen);
            }
            // keep draining so the server never blocks on a full pipe
            Thread drain = new Thread(() -> r.lines().forEach(l -> { }), "nats-server-log");
            drain.setDaemon(true);
            drain.start();
            return found;
        });
        return ports.get(10, TimeUnit.SECONDS);
    }

    /**
     * The same with a two-node cluster: nats-server routed to nats-server, then jnatsd routed
     * to jnatsd, each from the same config files; a subscriber on the seed, a publisher on the
     * second node, whose documents are compared.
     */
    @Test
    void clusteredJnatsdAnswersWithNatsServersKeysAndTypes(@TempDir Path dir) throws Exception {
        clusterDifferential(dir, "");
    }

    /** The same over route TLS: /varz's cluster object then also says tls_required and tls_verify. */
    @Test
    void clusteredOverTlsJnatsdAnswersWithNatsServersKeysAndTypes(@TempDir Path dir) throws Exception {
        Map<String, JsonNode> ref = clusterDifferential(dir, "tls { cert_file: \"" + TestCerts.file("route-cert.pem")
                + "\", key_file: \"" + TestCerts.file("route-key.pem") + "\", ca_file: \"" + TestCerts.file("ca.pem")
                + "\", timeout: 3 }");
        JsonNode cluster = ref.get("/varz").get("cluster");
        assertTrue(cluster.get("tls_required").asBoolean() && cluster.get("tls_verify").asBoolean(), cluster.toString());
        assertEquals(3, cluster.get("tls_timeout").asInt(), cluster.toString());
    }

    /** The same with cluster permissions: /routez shows the peer's import and export. */
    @Test
    void clusteredWithPermissionsJnatsdAnswersWithNatsServersKeysAndTypes(@TempDir Path dir) throws Exception {
        Map<String, JsonNode> ref = clusterDifferential(dir,
                "permissions { import: { allow: [\">\"], deny: [\"secret.>\"] }, export: [\">\"] }");
        JsonNode route = ref.get("/routez").get("routes").get(0);
        assertEquals("secret.>", route.get("import").get("deny").get(0).asText(), route.toString());
    }

    /**
     * Runs both clusters with {@code clusterLines} added to each node's cluster block, checks
     * jnatsd's documents against nats-server's and returns nats-server's.
     */
    private static Map<String, JsonNode> clusterDifferential(Path dir, String clusterLines) throws Exception {
        assumeTrue(Files.isExecutable(NATS_SERVER), "nats-server 2.9.10 is not installed (apt-get install nats-server)");
        Path seedConf = dir.resolve("seed.conf");
        Files.writeString(seedConf, CLUSTER_CONFIG.formatted("seed", clusterLines));

        Map<String, JsonNode> reference;
        List<Process> procs = new ArrayList<>();
        try {
            Process seed = new ProcessBuilder(NATS_SERVER.toString(), "-c", seedConf.toString())
                    .redirectErrorStream(true).start();
            procs.add(seed);
            int[] s = natsPorts(seed, CLIENT_PORT, HTTP_PORT, ROUTE_PORT);
            Path secondConf = dir.resolve("second-nats.conf");
            Files.writeString(secondConf, CLUSTER_CONFIG.formatted("second",
                    clusterLines + "\n  routes: [nats-route://127.0.0.1:" + s[2] + "]"));
            Process second = new ProcessBuilder(NATS_SERVER.toString(), "-c", secondConf.toString())
                    .redirectErrorStream(true).start();
            procs.add(second);
            int[] t = natsPorts(second, CLIENT_PORT, HTTP_PORT, ROUTE_PORT);
            reference = runCluster(s[0], s[1], t[0], t[1]);
        } finally {
            for (Process p : procs) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }

        Map<String, JsonNode> ours;
        try (NatsServer seed = new NatsServer(ConfigFile.load(seedConf).builder().build(), Log.NONE).start()) {
            Path secondConf = dir.resolve("second-jnatsd.conf");
            Files.writeString(secondConf, CLUSTER_CONFIG.formatted("second",
                    clusterLines + "\n  routes: [nats-route://127.0.0.1:" + seed.clusterPort() + "]"));
            try (NatsServer second = new NatsServer(ConfigFile.load(secondConf).builder().build(), Log.NONE).start()) {
                ours = runCluster(seed.port(), seed.monitor().httpPort(), second.port(), second.monitor().httpPort());
            }
        }

        List<String> problems = new ArrayList<>();
        for (String path : CLUSTER_PATHS) {
            compare(path, reference.get(path), ours.get(path), problems);
        }
        assertTrue(problems.isEmpty(), "differences from nats-server:\n  " + String.join("\n  ", problems));
        for (String field : List.of("routes", "remotes")) {
            assertEquals(reference.get("/varz").get(field), ours.get("/varz").get(field), "/varz " + field);
        }
        assertEquals(reference.get("/varz").get("connect_urls").size(), ours.get("/varz").get("connect_urls").size());
        JsonNode refRoute = reference.get("/routez").get("routes").get(0);
        JsonNode ourRoute = ours.get("/routez").get("routes").get(0);
        for (String field : List.of("did_solicit", "is_configured")) {
            assertEquals(refRoute.get(field), ourRoute.get(field), "/routez " + field);
        }
        // nats-server's route also carries $SYS traffic; jnatsd's only the 3 published messages
        assertEquals(3, ourRoute.get("out_msgs").asInt());
        assertEquals(reference.get("/varz").get("cluster").get("tls_required"), ours.get("/varz").get("cluster").get("tls_required"));
        assertEquals(refRoute.get("import"), ourRoute.get("import"), "/routez import");
        assertEquals(refRoute.get("export"), ourRoute.get("export"), "/routez export");
        assertEquals(reference.get("/varz").get("cluster").get("tls_timeout"), ours.get("/varz").get("cluster").get("tls_timeout"));
        return reference;
    }

    /** Subscriber on the seed, publisher on the second node; the second node's documents. */
    private static Map<String, JsonNode> runCluster(int seedPort, int seedHttp, int secondPort, int secondHttp)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(MonitoredServer.TIMEOUT).build();
        Await.until("the route is up on both nodes", () -> numRoutes(http, seedHttp) == 1 && numRoutes(http, secondHttp) == 1);
        try (Connection sub = connectPlain("nats://127.0.0.1:" + seedPort, "diff-sub");
             Connection pub = connectPlain("nats://127.0.0.1:" + secondPort, "diff-pub")) {
            Subscription orders = sub.subscribe("orders.>");
            sub.subscribe("work", "q");
            sub.flush(MonitoredServer.TIMEOUT);
            Await.until("the second node knows the interest", () -> {
                try {
                    JsonNode r = get(http, secondHttp, "/routez?subs=1").get("routes").get(0);
                    JsonNode list = r.get("subscriptions_list");
                    int n = 0;
                    for (JsonNode s : list == null ? JSON.createArrayNode() : list) {
                        if (s.asText().equals("orders.>") || s.asText().equals("work")) {
                            n++;
                        }
                    }
                    return n == 2;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 3; i++) {
                pub.publish("orders.x", new byte[8]);
            }
            pub.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < 3; i++) {
                assertNotNull(orders.nextMessage(MonitoredServer.TIMEOUT));
            }
            Map<String, JsonNode> docs = new LinkedHashMap<>();
            for (String path : CLUSTER_PATHS) {
                docs.put(path, get(http, secondHttp, path));
            }
            return docs;
        }
    }

    private static int numRoutes(HttpClient http, int port) {
        try {
            return get(http, port, "/routez").get("num_routes").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connectPlain(String url, String name) throws Exception {
        Options o = new Options.Builder().server(url).connectionName(name)
                .connectionTimeout(MonitoredServer.TIMEOUT).noReconnect()
                .errorListener(new MonitoredServer.QuietErrors()).build();
        return Nats.connect(o);
    }

    /** The client activity, then every document. */
    private static Map<String, JsonNode> run(int clientPort, int httpPort) throws Exception {
        String url = "nats://127.0.0.1:" + clientPort;
        HttpClient http = HttpClient.newBuilder().connectTimeout(MonitoredServer.TIMEOUT).build();
        try (Connection sub = connect(url, "diff-sub"); Connection pub = connect(url, "diff-pub")) {
            Subscription orders = sub.subscribe("orders.>");
            Subscription work = sub.subscribe("work", "q");
            sub.subscribe("limited").unsubscribe(3);
            sub.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < 10; i++) {
                pub.publish("orders.x", new byte[8]);
            }
            pub.publish("work", new byte[100]);
            pub.publish("work", new byte[50]);
            pub.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < 10; i++) {
                assertNotNull(orders.nextMessage(MonitoredServer.TIMEOUT));
            }
            assertNotNull(work.nextMessage(MonitoredServer.TIMEOUT));
            assertNotNull(work.nextMessage(MonitoredServer.TIMEOUT));

            Connection gone = connect(url, "diff-gone");
            gone.subscribe("tmp");
            gone.publish("orders.x", new byte[3]);
            gone.flush(MonitoredServer.TIMEOUT);
            assertNotNull(orders.nextMessage(MonitoredServer.TIMEOUT));
            gone.close();
            Await.until("the closed connection is listed", () -> {
                try {
                    return get(http, httpPort, "/connz?state=closed").get("total").asInt() == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            Map<String, JsonNode> docs = new LinkedHashMap<>();
            for (String path : PATHS) {
                docs.put(path, get(http, httpPort, path));
            }
            return docs;
        }
    }

    private static Connection connect(String url, String name) throws Exception {
        Options o = new Options.Builder().server(url).connectionName(name).userInfo("alice", "secret")
                .connectionTimeout(MonitoredServer.TIMEOUT).noReconnect()
                .errorListener(new MonitoredServer.QuietErrors()).build();
        return Nats.connect(o);
    }

    private static JsonNode get(HttpClient http, int port, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(MonitoredServer.TIMEOUT).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    // ------------------------------------------------------------------ comparison

    /** Adds a line per key of {@code ref} missing from {@code ours}, typed differently, or out of order. */
    static void compare(String at, JsonNode ref, JsonNode ours, List<String> problems) {
        if (ref.isObject()) {
            if (!ours.isObject()) {
                problems.add(at + ": object in nats-server, " + ours.getNodeType() + " in jnatsd");
                return;
            }
            List<String> refOrder = new ArrayList<>();
            for (Iterator<String> it = ref.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                String here = at + "." + key;
                if (EXCEPTIONS.containsKey(here)) {
                    continue;
                }
                if (!ours.has(key)) {
                    problems.add(here + ": missing");
                    continue;
                }
                refOrder.add(key);
                compare(here, ref.get(key), ours.get(key), problems);
            }
            List<String> ourOrder = new ArrayList<>();
            ours.fieldNames().forEachRemaining(k -> {
                if (refOrder.contains(k)) {
                    ourOrder.add(k);
                }
            });
            if (!ourOrder.equals(refOrder)) {
                problems.add(at + ": key order " + ourOrder + " instead of " + refOrder);
            }
        } else if (ref.isArray()) {
            if (!ours.isArray()) {
                problems.add(at + ": array in nats-server, " + ours.getNodeType() + " in jnatsd");
                return;
            }
            if (ref.size() > 0 && ours.size() == 0) {
                problems.add(at + ": empty in jnatsd");
                return;
            }
            // elements may differ in optional keys: compare each of ours with the reference
            // element that has the most keys in common, so a key missing everywhere shows
            for (JsonNode refElement : ref) {
                compare(at + "[]", refElement, closest(refElement, ours), problems);
            }
        } else if (ref.getNodeType() != ours.getNodeType()) {
            problems.add(at + ": " + ref.getNodeType() + " in nats-server, " + ours.getNodeType() + " in jnatsd");
        }
    }

    private static JsonNode closest(JsonNode ref, JsonNode candidates) {
        JsonNode best = candidates.get(0);
        int bestScore = -1;
        for (JsonNode c : candidates) {
            int score = 0;
            for (Iterator<String> it = ref.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (c.has(k)) {
                    score += ref.get(k).equals(c.get(k)) ? 2 : 1;
                }
            }
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /** name -> counters of every connection, open or closed. */
    private static Map<String, List<Long>> counters(JsonNode connz) {
        Map<String, List<Long>> m = new java.util.TreeMap<>();
        for (JsonNode c : connz.get("connections")) {
            m.put(c.get("name").asText(), List.of(c.get("in_msgs").asLong(), c.get("out_msgs").asLong(),
                    c.get("in_bytes").asLong(), c.get("out_bytes").asLong(), c.get("subscriptions").asLong()));
        }
        return m;
    }
}
