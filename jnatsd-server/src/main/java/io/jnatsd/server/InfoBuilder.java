package io.jnatsd.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds the INFO line a client receives, with nats-server's field names, order and
 * omit-when-empty rules. Called once per connection (and on topology changes), never per message.
 */
final class InfoBuilder {
    /** Streaming writer only: INFO does not need (nor wait for) data binding. */
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] PREFIX = {'I', 'N', 'F', 'O', ' '};

    private InfoBuilder() {
    }

    record ServerFacts(String serverId, String serverName, String host, int port, boolean headers,
                       boolean authRequired, boolean tlsRequired, boolean tlsVerify, boolean tlsAvailable,
                       String cluster, List<String> connectUrls, boolean lameDuck) {
    }

    static byte[] clientInfo(ServerFacts f, long cid, String clientIp, int maxPayload, String nonce) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(PREFIX);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("server_id", f.serverId());
            g.writeStringField("server_name", f.serverName());
            g.writeStringField("version", Version.PROTOCOL_COMPATIBLE);
            g.writeNumberField("proto", Version.PROTO);
            g.writeStringField("host", f.host());
            g.writeNumberField("port", f.port());
            g.writeBooleanField("headers", f.headers());
            flag(g, "auth_required", f.authRequired());
            flag(g, "tls_required", f.tlsRequired());
            flag(g, "tls_verify", f.tlsVerify());
            flag(g, "tls_available", f.tlsAvailable());
            g.writeNumberField("max_payload", maxPayload);
            if (cid > 0) {
                g.writeNumberField("client_id", cid);
            }
            if (clientIp != null && !clientIp.isEmpty()) {
                g.writeStringField("client_ip", clientIp);
            }
            if (nonce != null) {
                g.writeStringField("nonce", nonce);
            }
            if (f.cluster() != null && !f.cluster().isEmpty()) {
                g.writeStringField("cluster", f.cluster());
            }
            if (f.connectUrls() != null && !f.connectUrls().isEmpty()) {
                g.writeArrayFieldStart("connect_urls");
                for (String u : f.connectUrls()) {
                    g.writeString(u);
                }
                g.writeEndArray();
            }
            flag(g, "ldm", f.lameDuck());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("INFO is plain JSON", e);
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** nats-server omits false booleans of this kind. */
    private static void flag(JsonGenerator g, String name, boolean value) throws IOException {
        if (value) {
            g.writeBooleanField(name, true);
        }
    }
}
