package io.jnatsd.monitor;

import java.util.Map;

/**
 * Renders monitoring data in the Prometheus text exposition format 0.0.4. Names follow the
 * prometheus-nats-exporter's scheme ({@code gnatsd_<endpoint>_<field>}) so dashboards made for
 * nats-server work unchanged; every series carries {@code server_id}. docs/MONITORING.md lists
 * each metric. Stateless.
 */
final class PrometheusMetrics {

    /** The Content-Type of the exposition. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);
    private final String id;

    private PrometheusMetrics(String serverId) {
        this.id = "server_id=\"" + escape(serverId) + "\"";
    }

    static String render(Varz v, SubszStats s, Routez r, int closedHeld, long pendingBytes) {
        PrometheusMetrics m = new PrometheusMetrics(v.serverId());
        m.gauge("gnatsd_varz_info", "Server identity; the value is always 1", 1,
                "server_name", v.serverName(), "version", v.version(), "go", v.go());
        m.gauge("gnatsd_varz_start_time_seconds", "Server start, seconds since the Unix epoch",
                v.start().getEpochSecond() + v.start().getNano() / 1e9);
        m.gauge("gnatsd_varz_uptime_seconds", "Seconds since the server started",
                java.time.Duration.between(v.start(), v.now()).toNanos() / 1e9);
        m.gauge("gnatsd_varz_mem", "Resident memory of the process in bytes", v.mem());
        m.gauge("gnatsd_varz_cpu", "Process CPU use in percent of one core, over the last second or more", v.cpu());
        m.gauge("gnatsd_varz_cores", "Processors available to the process", v.cores());
        m.gauge("gnatsd_varz_gomaxprocs", "Event loop threads serving connections", v.gomaxprocs());
        m.gauge("gnatsd_varz_connections", "Open client connections", v.connections());
        m.counter("gnatsd_varz_total_connections", "Client connections accepted since start", v.totalConnections());
        m.gauge("gnatsd_varz_routes", "Open route connections", v.routes());
        m.gauge("gnatsd_varz_remotes", "Remote servers reached through routes", v.remotes());
        m.gauge("gnatsd_varz_leafnodes", "Open leaf node connections", v.leafnodes());
        m.counter("gnatsd_varz_in_msgs", "Messages received from clients", v.inMsgs());
        m.counter("gnatsd_varz_out_msgs", "Messages delivered to clients", v.outMsgs());
        m.counter("gnatsd_varz_in_bytes", "Payload bytes received from clients", v.inBytes());
        m.counter("gnatsd_varz_out_bytes", "Payload bytes delivered to clients", v.outBytes());
        m.counter("gnatsd_varz_slow_consumers", "Clients closed or cut off as slow consumers since start",
                v.slowConsumers());
        m.gauge("gnatsd_varz_subscriptions", "Subscriptions in the subject index", v.subscriptions());
        m.gauge("gnatsd_varz_max_connections", "Configured max_connections", v.maxConnections());
        m.gauge("gnatsd_varz_max_subscriptions", "Configured max_subscriptions (0: unlimited)", v.maxSubscriptions());
        m.gauge("gnatsd_varz_max_payload", "Configured max_payload in bytes", v.maxPayload());
        m.gauge("gnatsd_varz_max_pending", "Configured max_pending in bytes", v.maxPending());
        m.gauge("gnatsd_varz_max_control_line", "Configured max_control_line in bytes", v.maxControlLine());
        m.gauge("gnatsd_varz_ping_interval_seconds", "Configured ping_interval", v.pingIntervalNanos() / 1e9);
        m.gauge("gnatsd_varz_ping_max", "Configured ping_max", v.pingMax());
        m.gauge("gnatsd_varz_write_deadline_seconds", "Configured write_deadline", v.writeDeadlineNanos() / 1e9);

        m.header("gnatsd_varz_http_req_stats", "counter", "Monitoring requests served, by endpoint");
        for (Map.Entry<String, Long> e : v.httpReqStats().entrySet()) {
            m.sample("gnatsd_varz_http_req_stats", e.getValue(), "path", e.getKey());
        }

        m.header("gnatsd_connections", "gauge", "Open connections by kind");
        m.sample("gnatsd_connections", v.connections(), "kind", "client");
        m.sample("gnatsd_connections", v.routes(), "kind", "route");
        m.sample("gnatsd_connections", 0, "kind", "gateway");
        m.sample("gnatsd_connections", v.leafnodes(), "kind", "leafnode");

        m.gauge("gnatsd_connz_pending_bytes", "Bytes queued for all client connections and not yet written",
                pendingBytes);
        m.gauge("gnatsd_connz_closed_connections", "Closed connections held for /connz?state=closed", closedHeld);

        m.gauge("gnatsd_subsz_num_subscriptions", "Subscriptions in the subject index", s.numSubscriptions());
        m.gauge("gnatsd_subsz_num_cache", "Results in the subject index's match cache", s.numCache());
        m.counter("gnatsd_subsz_num_inserts", "Subscriptions inserted since start", s.numInserts());
        m.counter("gnatsd_subsz_num_removes", "Subscriptions removed since start", s.numRemoves());
        m.counter("gnatsd_subsz_num_matches", "Subject lookups since start", s.numMatches());
        m.gauge("gnatsd_subsz_cache_hit_rate", "Share of lookups answered by the match cache", s.cacheHitRate());
        m.gauge("gnatsd_subsz_max_fanout", "Largest fanout among cached results", s.maxFanout());
        m.gauge("gnatsd_subsz_avg_fanout", "Mean fanout over cached results", s.avgFanout());

        m.gauge("gnatsd_routez_num_routes", "Open route connections", r.numRoutes());
        m.routes(r);
        return m.out.toString();
    }

    /**
     * Per-route series, as prometheus-nats-exporter's routez collector names them, labelled
     * with the route id; the families are declared even without routes.
     */
    private void routes(Routez r) {
        header("gnatsd_routez_route_info", "gauge", "Route identity; the value is always 1");
        for (RouteInfo ri : r.routes()) {
            sample("gnatsd_routez_route_info", 1, "rid", Long.toString(ri.rid()), "remote_id", ri.remoteId(),
                    "ip", ri.ip(), "did_solicit", Boolean.toString(ri.didSolicit()),
                    "is_configured", Boolean.toString(ri.isConfigured()));
        }
        perRoute(r, "gnatsd_routez_route_rtt_seconds", "gauge", "Round trip of the route's last answered PING",
                ri -> ri.rtt() == null ? 0 : GoTime.parseDuration(ri.rtt()) / 1e9);
        perRoute(r, "gnatsd_routez_route_uptime_seconds", "gauge", "Seconds since the route was created",
                ri -> java.time.Duration.between(ri.start(), r.now()).toNanos() / 1e9);
        perRoute(r, "gnatsd_routez_route_subscriptions", "gauge", "Interest entries the route's peer registered here",
                RouteInfo::subscriptions);
        perRoute(r, "gnatsd_routez_route_pending_bytes", "gauge", "Bytes queued for the route and not yet written",
                RouteInfo::pendingSize);
        perRoute(r, "gnatsd_routez_route_in_msgs", "counter", "Messages received over the route", RouteInfo::inMsgs);
        perRoute(r, "gnatsd_routez_route_out_msgs", "counter", "Messages sent over the route", RouteInfo::outMsgs);
        perRoute(r, "gnatsd_routez_route_in_bytes", "counter", "Payload bytes received over the route",
                RouteInfo::inBytes);
        perRoute(r, "gnatsd_routez_route_out_bytes", "counter", "Payload bytes sent over the route",
                RouteInfo::outBytes);
    }

    private void perRoute(Routez r, String name, String type, String help,
                          java.util.function.ToDoubleFunction<RouteInfo> value) {
        header(name, type, help);
        for (RouteInfo ri : r.routes()) {
            sample(name, value.applyAsDouble(ri), "rid", Long.toString(ri.rid()));
        }
    }

    private void gauge(String name, String help, double value, String... labels) {
        header(name, "gauge", help);
        sample(name, value, labels);
    }

    private void counter(String name, String help, double value) {
        header(name, "counter", help);
        sample(name, value);
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, double value, String... labels) {
        out.append(name).append('{').append(id);
        for (int i = 0; i + 1 < labels.length; i += 2) {
            out.append(',').append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        out.append("} ").append(number(value)).append('\n');
    }

    /** Plain decimals ("1795705598.867", "41.4"), which every exposition parser reads. */
    private static String number(double v) {
        return GoJson.goFloat(v);
    }

    /** Label value escaping of the text format: backslash, double quote, line feed. */
    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
