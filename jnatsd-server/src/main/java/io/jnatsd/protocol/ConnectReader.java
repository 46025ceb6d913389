package io.jnatsd.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;

/**
 * Decodes CONNECT JSON the way nats-server's decoder does: field names case-insensitive,
 * unknown fields ignored (whatever their shape), no string-to-number or string-to-boolean
 * coercion, a fresh object per CONNECT (a second CONNECT replaces the options).
 *
 * <p>It streams over the tokens with jackson-core rather than binding with jackson-databind:
 * the same strictness, and a first CONNECT that does not wait for databind's class loading
 * (about half a second on a cold JVM). Thread-safe.
 */
public final class ConnectReader {

    /** CONNECT lines are bounded by max_control_line already; keep nesting shallow too. */
    private static final int MAX_NESTING = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();

    private ConnectReader() {
    }

    /** Returns the options, or null when the document is not valid CONNECT JSON. */
    public static ConnectOptions read(byte[] buf, int off, int len) {
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            ConnectOptions o = ConnectOptions.defaults();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                return end(p) ? o : null; // "null" decodes to "no change"
            }
            if (t != JsonToken.START_OBJECT) {
                return null;
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!assign(o, name, v, p)) {
                    return null;
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return null;
            }
            return end(p) ? o : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Nothing may follow the document. */
    private static boolean end(JsonParser p) throws IOException {
        return p.nextToken() == null;
    }

    /** Sets one field; false when its value has the wrong JSON type. */
    private static boolean assign(ConnectOptions o, String name, JsonToken v, JsonParser p) throws IOException {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "verbose" -> o.verbose = bool(v, o.verbose);
            case "pedantic" -> o.pedantic = bool(v, o.pedantic);
            case "tls_required" -> o.tlsRequired = bool(v, o.tlsRequired);
            case "echo" -> o.echo = bool(v, o.echo);
            case "headers" -> o.headers = bool(v, o.headers);
            case "no_responders" -> o.noResponders = bool(v, o.noResponders);
            case "new_account" -> o.newAccount = bool(v, o.newAccount);
            case "protocol" -> o.protocol = integer(v, p, o.protocol);
            case "auth_token" -> o.authToken = text(v, p, o.authToken);
            case "user" -> o.user = text(v, p, o.user);
            case "pass" -> o.pass = text(v, p, o.pass);
            case "name" -> o.name = text(v, p, o.name);
            case "lang" -> o.lang = text(v, p, o.lang);
            case "version" -> o.version = text(v, p, o.version);
            case "sig" -> o.sig = text(v, p, o.sig);
            case "jwt" -> o.jwt = text(v, p, o.jwt);
            case "nkey" -> o.nkey = text(v, p, o.nkey);
            case "account" -> o.account = text(v, p, o.account);
            default -> {
                p.skipChildren(); // unknown field: any value is fine
                return true;
            }
        }
        return true;
    }

    private static boolean bool(JsonToken v, boolean current) {
        return switch (v) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> current;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static int integer(JsonToken v, JsonParser p, int current) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return current;
        }
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("not an integer");
        }
        return p.getIntValue();
    }

    private static String text(JsonToken v, JsonParser p, String current) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return current;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a string");
        }
        return p.getText();
    }
}
