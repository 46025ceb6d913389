package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /metrics is valid Prometheus text, agrees with /varz and /subsz, and is documented. */
class MetricsTest {
    private static final Path DOC = Path.of("..", "docs", "MONITORING.md");

    private MonitoredServer server;

    @BeforeEach
    void start() throws IOException {
        server = MonitoredServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void metricsAgreeWithVarz() throws Exception {
        try (Connection pub = server.connect("pub"); Connection sub = server.connect("sub")) {
            Subscription s = sub.subscribe("m.>");
            sub.subscribe("other");
            sub.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < 25; i++) {
                pub.publish("m." + i, new byte[i]);
            }
            pub.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < 25; i++) {
                assertNotNull(s.nextMessage(MonitoredServer.TIMEOUT));
            }

            HttpResponse<String> r = server.get("/metrics");
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
            Map<String, PrometheusTextParser.Family> m = PrometheusTextParser.parse(r.body());
            JsonNode v = server.json("/varz");
            JsonNode subsz = server.json("/subsz");

            for (String field : new String[] {"in_msgs", "out_msgs", "in_bytes", "out_bytes", "connections",
                "total_connections", "subscriptions", "slow_consumers", "routes", "remotes", "leafnodes",
                "max_connections", "max_payload", "max_pending", "max_control_line", "ping_max", "cores",
                "gomaxprocs"}) {
                assertEquals(v.get(field).asDouble(), m.get("gnatsd_varz_" + field).value(), field);
            }
            assertEquals(25, m.get("gnatsd_varz_in_msgs").value());
            assertEquals(300, m.get("gnatsd_varz_in_bytes").value());
            assertEquals(v.get("ping_interval").asLong() / 1e9, m.get("gnatsd_varz_ping_interval_seconds").value());
            assertEquals(v.get("write_deadline").asLong() / 1e9, m.get("gnatsd_varz_write_deadline_seconds").value());
            assertTrue(m.get("gnatsd_varz_mem").value() > 1_000_000, "resident memory of a JVM");
            assertTrue(m.get("gnatsd_varz_cpu").value() >= 0);
            assertEquals(1, m.get("gnatsd_varz_http_req_stats").value("path", "/metrics"));

            assertEquals(v.get("connections").asDouble(), m.get("gnatsd_connections").value("kind", "client"));
            assertEquals(0, m.get("gnatsd_connections").value("kind", "route"));
            for (String field : new String[] {"num_subscriptions", "num_inserts", "num_removes", "max_fanout"}) {
                assertEquals(subsz.get(field).asDouble(), m.get("gnatsd_subsz_" + field).value(), field);
            }
            assertEquals(0, m.get("gnatsd_routez_num_routes").value());
            assertEquals("counter", m.get("gnatsd_varz_in_msgs").type());
            assertEquals("gauge", m.get("gnatsd_varz_connections").type());

            String id = v.get("server_id").asText();
            for (PrometheusTextParser.Family f : m.values()) {
                assertNotNull(f.help(), f.name() + " has HELP");
                for (PrometheusTextParser.Sample sample : f.samples()) {
                    assertEquals(id, sample.labels().get("server_id"), f.name());
                }
            }
        }
    }

    @Test
    void everyMetricIsDocumentedAndEveryDocumentedMetricExists() throws Exception {
        Map<String, PrometheusTextParser.Family> m = PrometheusTextParser.parse(server.get("/metrics").body());
        String doc = Files.readString(DOC);
        Set<String> documented = new TreeSet<>();
        Matcher names = Pattern.compile("^\\| `(gnatsd_[a-z_]+)`", Pattern.MULTILINE).matcher(doc);
        while (names.find()) {
            documented.add(names.group(1));
        }
        assertEquals(new TreeSet<>(m.keySet()), documented);
        for (PrometheusTextParser.Family f : m.values()) {
            assertTrue(doc.contains("| `" + f.name() + "` | " + f.type() + " |"), f.name() + " documented as " + f.type());
        }
    }

    @Test
    void theParserIsStrict() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("a 1"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("a 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("# TYPE a gauge\na{b=\"c} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("# TYPE a gauge\na 1\na 2\n"));
        assertThrows(IllegalArgumentException.class,
                () -> PrometheusTextParser.parse("# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"1\"} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("# TYPE a gauge\na one\n"));
        assertEquals(2.5, PrometheusTextParser.parse("# TYPE a gauge\na{b=\"q\\\"\"} 2.5\n").get("a").value());
    }
}
