package io.jnatsd.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the INFO line a client receives, with nats-server's field names, order and
 * omit-when-empty rules. Called once per connection (and on topology changes), never per message.
 */
final class InfoBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InfoBuilder() {
    }

    record ServerFacts(String serverId, String serverName, String host, int port, boolean headers,
                       boolean authRequired, boolean tlsRequired, boolean tlsVerify, boolean tlsAvailable,
                       String cluster, List<String> connectUrls, boolean lameDuck) {
    }

    static byte[] clientInfo(ServerFacts f, long cid, String clientIp, int maxPayload, String nonce) {
        ObjectNode n = JSON.createObjectNode();
        n.put("server_id", f.serverId());
        n.put("server_name", f.serverName());
        n.put("version", Version.PROTOCOL_COMPATIBLE);
        n.put("proto", Version.PROTO);
        n.put("host", f.host());
        n.put("port", f.port());
        n.put("headers", f.headers());
        if (f.authRequired()) {
            n.put("auth_required", true);
        }
        if (f.tlsRequired()) {
            n.put("tls_required", true);
        }
        if (f.tlsVerify()) {
            n.put("tls_verify", true);
        }
        if (f.tlsAvailable()) {
            n.put("tls_available", true);
        }
        n.put("max_payload", maxPayload);
        if (cid > 0) {
            n.put("client_id", cid);
        }
        if (clientIp != null && !clientIp.isEmpty()) {
            n.put("client_ip", clientIp);
        }
        if (nonce != null) {
            n.put("nonce", nonce);
        }
        if (f.cluster() != null && !f.cluster().isEmpty()) {
            n.put("cluster", f.cluster());
        }
        if (f.connectUrls() != null && !f.connectUrls().isEmpty()) {
            ArrayNode urls = n.putArray("connect_urls");
            f.connectUrls().forEach(urls::add);
        }
        if (f.lameDuck()) {
            n.put("ldm", true);
        }
        try {
            return ("INFO " + JSON.writeValueAsString(n) + "\r\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("INFO is plain JSON", e);
        }
    }
}
