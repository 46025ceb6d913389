package io.jnatsd.monitor;

import io.jnatsd.server.Version;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a request URI to an answer, as nats-server's monitoring mux does: paths under
 * {@code http_base_path}, the query read with Go's rules and error texts, JSON with
 * {@code ?callback=} turned into JSONP, 404 "404 page not found" for anything else, and a 301
 * to the clean form of an unclean path. Knows nothing of Netty channels, so tests drive it
 * directly. Thread-safe (stateless apart from the monitor).
 */
final class MonitorRoutes {

    /** An answer: status, Content-Type, body and, for redirects, the Location. */
    record Reply(int status, String contentType, byte[] body, String location) {
        static Reply of(int status, String contentType, String body) {
            return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), null);
        }
    }

    static final String JSON = "application/json";
    static final String JAVASCRIPT = "application/javascript";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    /** Endpoint names as nats-server counts them in http_req_stats (before the base path). */
    static final String ROOT = "/";
    static final String VARZ = "/varz";
    static final String CONNZ = "/connz";
    static final String ROUTEZ = "/routez";
    static final String SUBSZ = "/subsz";
    static final String SUBSCRIPTIONSZ = "/subscriptionsz";
    static final String HEALTHZ = "/healthz";
    static final String METRICS = "/metrics";
    static final String DASHBOARD = "/dashboard";

    private static final int MAX_PARAMS = 64;
    private static final byte[] DASHBOARD_HTML = resource("dashboard.html");

    private final Monitor monitor;
    private final String base;

    MonitorRoutes(Monitor monitor, String basePath) {
        this.monitor = monitor;
        this.base = normalizeBasePath(basePath);
    }

    /** The answer to a request for {@code uri} (path and query, as on the request line). */
    Reply handle(String uri) {
        QueryStringDecoder d = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, MAX_PARAMS, true);
        String path = d.path();
        String clean = cleanPath(path);
        if (!clean.equals(path)) {
            String q = d.rawQuery();
            String location = q.isEmpty() ? clean : clean + "?" + q;
            return new Reply(301, HTML,
                    ("<a href=\"" + location + "\">Moved Permanently</a>.\n\n").getBytes(StandardCharsets.UTF_8),
                    location);
        }
        HttpQuery q = new HttpQuery(d.parameters());
        if (path.equals(base)) {
            monitor.countRequest(ROOT);
            return Reply.of(200, HTML, rootPage());
        }
        String endpoint = endpointOf(path);
        if (endpoint == null) {
            return notFound();
        }
        return switch (endpoint) {
            case VARZ -> {
                monitor.countRequest(VARZ);
                yield json(q, GoJson.indented(monitor.varz(VarzOptions.DEFAULT)));
            }
            case CONNZ -> connz(q);
            case ROUTEZ -> routez(q);
            case SUBSZ, SUBSCRIPTIONSZ -> subsz(q);
            case HEALTHZ -> healthz(q);
            case METRICS -> {
                monitor.countRequest(METRICS);
                yield Reply.of(200, PrometheusMetrics.CONTENT_TYPE, monitor.metrics());
            }
            case DASHBOARD -> {
                monitor.countRequest(DASHBOARD);
                yield new Reply(200, HTML, DASHBOARD_HTML, null);
            }
            default -> notFound();
        };
    }

    private String endpointOf(String path) {
        for (String e : List.of(VARZ, CONNZ, ROUTEZ, SUBSZ, SUBSCRIPTIONSZ, HEALTHZ, METRICS, DASHBOARD)) {
            if (path.equals(join(base, e))) {
                return e;
            }
        }
        return null;
    }

    private Reply connz(HttpQuery q) {
        String sortKey = q.get("sort");
        boolean auth = q.bool("auth");
        boolean[] subs = q.failed() ? new boolean[2] : q.subs();
        int offset = q.failed() ? 0 : q.integer("offset");
        int limit = q.failed() ? 0 : q.integer("limit");
        long cid = q.failed() ? 0 : q.uint64("cid");
        ConnState state = ConnState.OPEN;
        if (!q.failed() && !q.get("state").isEmpty()) {
            state = ConnState.parse(q.get("state"));
            if (state == null) {
                return badRequest("Error decoding state for " + q.get("state"));
            }
        }
        if (q.failed()) {
            return badRequest(q.error());
        }
        monitor.countRequest(CONNZ);
        ConnzSort sort = ConnzSort.parse(sortKey);
        if (sort == null) {
            return badRequest("invalid sorting option: " + sortKey);
        }
        ConnzOptions opts;
        try {
            opts = new ConnzOptions(sort, auth, subs[0], subs[1], offset, limit, cid, state,
                    q.get("user"), q.get("acc"), q.get("mqtt_client"));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        return json(q, GoJson.indented(monitor.connz(opts)));
    }

    private Reply routez(HttpQuery q) {
        boolean[] subs = q.subs();
        if (q.failed()) {
            return badRequest(q.error());
        }
        monitor.countRequest(ROUTEZ);
        return json(q, GoJson.indented(monitor.routez(new RoutezOptions(subs[0], subs[1]))));
    }

    private Reply subsz(HttpQuery q) {
        monitor.countRequest(SUBSZ);
        boolean subs = q.bool("subs");
        int offset = q.failed() ? 0 : q.integer("offset");
        int limit = q.failed() ? 0 : q.integer("limit");
        if (q.failed()) {
            return badRequest(q.error());
        }
        SubszOptions opts;
        try {
            opts = new SubszOptions(subs, offset, limit, q.get("test"), q.get("acc"));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        Subsz s = monitor.subsz(opts);
        // nats-server shows the counters alone when no subscription is listed
        return json(q, GoJson.indented(s.subscriptions().isEmpty() ? s.stats() : s));
    }

    private Reply healthz(HttpQuery q) {
        monitor.countRequest(HEALTHZ);
        q.bool("js-enabled");
        q.bool("js-enabled-only");
        q.bool("js-server-only");
        if (q.failed()) {
            return badRequest(q.error());
        }
        HealthStatus h = monitor.healthz();
        Reply r = json(q, GoJson.compact(h));
        return h.ok() ? r : new Reply(503, r.contentType(), r.body(), null);
    }

    /** JSON, or JSONP when the query names a callback. */
    private static Reply json(HttpQuery q, byte[] body) {
        String callback = q.get("callback");
        if (callback.isEmpty()) {
            return new Reply(200, JSON, body, null);
        }
        byte[] head = (callback + "(").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        out[out.length - 1] = ')';
        return new Reply(200, JAVASCRIPT, out, null);
    }

    private static Reply badRequest(String text) {
        return Reply.of(400, TEXT, text);
    }

    static Reply notFound() {
        return Reply.of(404, TEXT, "404 page not found\n");
    }

    // ------------------------------------------------------------------ pages

    private String rootPage() {
        StringBuilder links = new StringBuilder();
        String[][] items = {
            {VARZ, "General"}, {CONNZ, "Connections"}, {SUBSZ, "Subscriptions"}, {ROUTEZ, "Routes"},
            {HEALTHZ, "Health Probe"}, {METRICS, "Prometheus Metrics"}, {DASHBOARD, "Dashboard"},
        };
        for (String[] item : items) {
            // relative like nats-server's ".<path>", so the page works behind a proxy prefix too
            links.append("    <a href=\".").append(join(base, item[0])).append("\">").append(item[1])
                    .append("</a>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                  <head>
                    <meta charset="utf-8">
                    <meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>jnatsd monitoring</title>
                    <style>
                      body { font-family: ui-sans-serif, system-ui, sans-serif; font-size: 18px; margin: 24px 32px }
                      a { display: block; margin-left: 7px; padding-bottom: 6px; color: rgb(72 72 92); text-decoration: none }
                      a:hover { font-weight: 600; color: rgb(59 50 202) }
                      .version { font-size: 14px; color: rgb(110 110 130) }
                    </style>
                  </head>
                  <body>
                    <h1>jnatsd</h1>
                    <p class="version">v%s, NATS protocol of nats-server v%s</p>
                %s  </body>
                </html>
                """.formatted(Version.JNATSD, Version.PROTOCOL_COMPATIBLE, links);
    }

    private static byte[] resource(String name) {
        try (InputStream in = MonitorRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ paths, as Go's path package

    /** nats-server's normalizeBasePath: "/" when empty, a leading slash, then cleaned. */
    static String normalizeBasePath(String p) {
        if (p == null || p.isEmpty()) {
            return "/";
        }
        return clean(p.charAt(0) == '/' ? p : "/" + p);
    }

    /** Go's path.Join of a rooted base and a rooted endpoint. */
    static String join(String base, String endpoint) {
        return clean(base + "/" + endpoint);
    }

    /** The form Go's ServeMux redirects to: cleaned, keeping a trailing slash. */
    static String cleanPath(String p) {
        if (p.isEmpty()) {
            return "/";
        }
        String rooted = p.charAt(0) == '/' ? p : "/" + p;
        String c = clean(rooted);
        if (rooted.endsWith("/") && !c.equals("/")) {
            c += "/";
        }
        return c;
    }

    /** Go's path.Clean for a rooted path: no empty, "." or ".." elements. */
    static String clean(String rooted) {
        List<String> parts = new ArrayList<>();
        for (String e : rooted.split("/")) {
            if (e.isEmpty() || e.equals(".")) {
                continue;
            }
            if (e.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(e);
            }
        }
        return "/" + String.join("/", parts);
    }
}
