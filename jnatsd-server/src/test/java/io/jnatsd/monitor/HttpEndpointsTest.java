package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP side: paths, base path, content types, JSONP, errors and request counting. */
class HttpEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private MonitoredServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String contentType(HttpResponse<String> r) {
        return r.headers().firstValue("content-type").orElse("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/varz", "/connz", "/routez", "/subsz", "/subscriptionsz", "/connz?state=all&subs=1"})
    void jsonEndpointsAnswerJsonAndJsonp(String path) throws Exception {
        server = MonitoredServer.start();
        HttpResponse<String> plain = server.get(path);
        assertEquals(200, plain.statusCode());
        assertEquals("application/json", contentType(plain));
        assertTrue(plain.body().startsWith("{\n  \""), "Go's indented layout");
        JSON.readTree(plain.body());

        String sep = path.contains("?") ? "&" : "?";
        HttpResponse<String> jsonp = server.get(path + sep + "callback=myFn");
        assertEquals(200, jsonp.statusCode());
        assertEquals("application/javascript", contentType(jsonp));
        assertTrue(jsonp.body().startsWith("myFn({"), jsonp.body());
        assertTrue(jsonp.body().endsWith("})"), jsonp.body());
        JSON.readTree(jsonp.body().substring(5, jsonp.body().length() - 1));
    }

    @Test
    void healthzIsCompactOkAndTakesJsonp() throws Exception {
        server = MonitoredServer.start();
        HttpResponse<String> r = server.get("/healthz");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", contentType(r));
        assertEquals("{\"status\":\"ok\"}", r.body());
        assertEquals("cb({\"status\":\"ok\"})", server.get("/healthz?callback=cb").body());
        assertEquals(400, server.get("/healthz?js-enabled-only=perhaps").statusCode());
    }

    @Test
    void subszShowsCountersAloneUnlessSubscriptionsAreListed() throws Exception {
        server = MonitoredServer.start();
        JsonNode bare = server.json("/subsz");
        assertFalse(bare.has("server_id"));
        assertTrue(bare.has("num_subscriptions"));
        try (Connection c = server.connect("c")) {
            c.subscribe("a.b");
            c.subscribe("a.*");
            c.subscribe("c");
            c.flush(MonitoredServer.TIMEOUT);
            JsonNode listed = server.json("/subsz?subs=1");
            assertEquals(server.server().serverId(), listed.get("server_id").asText());
            assertEquals(3, listed.get("subscriptions_list").size());
            assertEquals("$G", listed.get("subscriptions_list").get(0).get("account").asText());
            JsonNode tested = server.json("/subsz?subs=1&test=a.b");
            assertEquals(2, tested.get("total").asInt());
            JsonNode paged = server.json("/subsz?subs=1&offset=1&limit=1");
            assertEquals(1, paged.get("subscriptions_list").size());
            assertEquals(1, paged.get("offset").asInt());
            assertEquals(1, paged.get("limit").asInt());
            assertFalse(server.json("/subsz?subs=1&test=nothing.here").has("subscriptions_list"));
            HttpResponse<String> bad = server.get("/subsz?subs=1&test=a.*");
            assertEquals(400, bad.statusCode());
            assertEquals("invalid test subject, must be valid publish subject: a.*", bad.body());
        }
    }

    @Test
    void routezIsEmptyAndAcceptsSubs() throws Exception {
        server = MonitoredServer.start();
        for (String q : new String[] {"", "?subs=1", "?subs=detail"}) {
            JsonNode r = server.json("/routez" + q);
            assertEquals(0, r.get("num_routes").asInt());
            assertTrue(r.get("routes").isArray());
            assertEquals(0, r.get("routes").size());
        }
        assertEquals(400, server.get("/routez?subs=x").statusCode());
    }

    @Test
    void unknownPathsAreGoNotFound() throws Exception {
        server = MonitoredServer.start();
        for (String p : new String[] {"/nope", "/varz/", "/varzz"}) {
            HttpResponse<String> r = server.get(p);
            assertEquals(404, r.statusCode(), p);
            assertEquals("text/plain; charset=utf-8", contentType(r));
            assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(""));
            assertEquals("404 page not found\n", r.body());
        }
    }

    @Test
    void uncleanPathsRedirectLikeGosMux() throws Exception {
        server = MonitoredServer.start();
        HttpResponse<String> r = server.get("/a/../varz?x=1");
        assertEquals(301, r.statusCode());
        assertEquals("/varz?x=1", r.headers().firstValue("location").orElse(""));
    }

    @Test
    void badParametersAnswer400WithNatsText() throws Exception {
        server = MonitoredServer.start();
        HttpResponse<String> r = server.get("/connz?limit=ten");
        assertEquals(400, r.statusCode());
        assertEquals("text/plain; charset=utf-8", contentType(r));
        assertEquals("Error decoding int for 'limit': strconv.Atoi: parsing \"ten\": invalid syntax", r.body());
        assertEquals("Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"-2\": invalid syntax",
                server.get("/connz?cid=-2").body());
        assertEquals("Error decoding boolean for 'subs': strconv.ParseBool: parsing \"many\": invalid syntax",
                server.get("/subsz?subs=many").body());
    }

    @Test
    void requestsAreCountedPerEndpoint() throws Exception {
        server = MonitoredServer.start();
        server.get("/connz");
        server.get("/connz");
        server.get("/subscriptionsz");
        server.get("/subsz");
        server.get("/");
        server.get("/nope");
        server.get("/connz?limit=bad");
        JsonNode stats = server.json("/varz").get("http_req_stats");
        assertEquals(2, stats.get("/connz").asInt(), "a rejected query is not counted, as nats-server");
        assertEquals(2, stats.get("/subsz").asInt(), "the old name counts as /subsz");
        assertEquals(1, stats.get("/").asInt());
        assertEquals(1, stats.get("/varz").asInt(), "counted before it is built");
        java.util.Set<String> keys = new java.util.TreeSet<>();
        stats.fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.Set.of("/", "/connz", "/subsz", "/varz"), keys, "404s are not counted");
    }

    @Test
    void basePathPrefixesEverything() throws Exception {
        server = MonitoredServer.start(b -> b.httpBasePath("mon/"));
        assertEquals(200, server.get("/mon/varz").statusCode());
        assertEquals(200, server.get("/mon/connz").statusCode());
        assertEquals(200, server.get("/mon/dashboard").statusCode());
        assertEquals(404, server.get("/varz").statusCode());
        HttpResponse<String> root = server.get("/mon");
        assertEquals(200, root.statusCode());
        assertTrue(root.body().contains("href=\"./mon/varz\""), root.body());
        assertEquals("mon/", server.json("/mon/varz").get("http_base_path").asText());
    }

    @Test
    void rootLinksEveryEndpoint() throws Exception {
        server = MonitoredServer.start();
        HttpResponse<String> r = server.get("/");
        assertEquals("text/html; charset=utf-8", contentType(r));
        for (String p : new String[] {"varz", "connz", "subsz", "routez", "healthz", "metrics", "dashboard"}) {
            assertTrue(r.body().contains("href=\"./" + p + "\""), p);
        }
    }

    @Test
    void headAnswersWithoutBody() throws Exception {
        server = MonitoredServer.start();
        HttpResponse<String> r = server.request("HEAD", "/varz");
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
        assertTrue(Long.parseLong(r.headers().firstValue("content-length").orElse("0")) > 100);
    }

    @Test
    void monitoringIsOffByDefault() throws IOException {
        server = MonitoredServer.start(b -> b.httpPort(0));
        assertEquals(-1, server.monitor().httpPort());
        assertEquals(0, server.monitor().varz(VarzOptions.DEFAULT).httpPort());
    }

    @Test
    void aBusyMonitoringPortFailsTheStart() throws IOException {
        server = MonitoredServer.start();
        int taken = server.monitor().httpPort();
        var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> MonitoredServer.start(b -> b.httpPort(taken)));
        assertTrue(e.getMessage().contains("monitor port"), e.getMessage());
    }
}
