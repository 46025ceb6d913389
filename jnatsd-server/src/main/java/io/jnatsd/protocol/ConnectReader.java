package io.jnatsd.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Decodes CONNECT JSON the way nats-server's decoder does: field names case-insensitive,
 * unknown fields ignored, no string-to-number or string-to-boolean coercion, a fresh object
 * per CONNECT (a second CONNECT replaces the options). Thread-safe.
 */
public final class ConnectReader {

    /** CONNECT lines are bounded by max_control_line already; keep nesting shallow too. */
    private static final int MAX_NESTING = 64;

    private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .readerFor(ConnectOptions.class);

    private ConnectReader() {
    }

    /** Returns the options, or null when the document is not valid CONNECT JSON. */
    public static ConnectOptions read(byte[] buf, int off, int len) {
        try {
            ConnectOptions o = READER.readValue(buf, off, len);
            return o == null ? ConnectOptions.defaults() : o; // "null" decodes to "no change"
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
