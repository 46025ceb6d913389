package io.jnatsd.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnatsd.auth.SubjectPermission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a route INFO or CONNECT that matter here, with nats-server's JSON names.
 * Parsed and built only at handshake and topology changes, never per message.
 */
record RouteInfo(String serverId, String serverName, String host, int port, boolean authRequired,
                 boolean headers, String cluster, boolean dynamic, List<String> connectUrls,
                 List<String> websocketConnectUrls, String ip,
                 String user, String pass, String lang, String gateway, ObjectNode raw) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Parses an INFO or CONNECT body; null when it is not a JSON object. */
    static RouteInfo parse(byte[] buf, int off, int len) {
        JsonNode n;
        try {
            n = JSON.readTree(new String(buf, off, len, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
        if (!(n instanceof ObjectNode o)) {
            return null;
        }
        List<String> urls = strings(o, "connect_urls");
        List<String> wsUrls = strings(o, "ws_connect_urls");
        // INFO names the server "server_id"; a route CONNECT carries the id in "name"
        String id = text(o, "server_id");
        return new RouteInfo(id, text(o, "server_name"), text(o, "host"), o.path("port").asInt(0),
                o.path("auth_required").asBoolean(false), o.path("headers").asBoolean(false),
                text(o, "cluster"), o.path("cluster_dynamic").asBoolean(o.path("dynamic").asBoolean(false)),
                urls, wsUrls, text(o, "ip"), text(o, "user"), text(o, "pass"), text(o, "lang"),
                text(o, "gateway"), o);
    }

    private static List<String> strings(ObjectNode o, String field) {
        List<String> out = new ArrayList<>();
        JsonNode a = o.get(field);
        if (a != null && a.isArray()) {
            a.forEach(u -> out.add(u.asText()));
        }
        return List.copyOf(out);
    }

    private static String text(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** INFO's "import" or "export" object ({"allow":[...],"deny":[...]}); null when absent. */
    SubjectPermission permission(String field) {
        JsonNode p = raw.get(field);
        if (p == null || !p.isObject()) {
            return null;
        }
        return new SubjectPermission(strings(p.get("allow")), strings(p.get("deny")));
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a != null && a.isArray()) {
            a.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    /** The name a CONNECT gives (the remote server id). */
    String connectName() {
        return text(raw, "name");
    }

    /** This INFO with "ip" set (and the one-time nonce dropped), for forwarding to other routes. */
    byte[] forwardedWithIp(String ipUrl) {
        ObjectNode copy = raw.deepCopy();
        copy.remove("nonce");
        copy.put("ip", ipUrl);
        return line("INFO ", copy);
    }

    static byte[] line(String verb, ObjectNode n) {
        try {
            return (verb + JSON.writeValueAsString(n) + "\r\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("plain JSON", e);
        }
    }
}
