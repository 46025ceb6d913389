package io.jnatsd.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * JSON as Go's encoding/json writes it for nats-server's monitoring pages: two-space
 * {@code MarshalIndent} layout ({@code "key": value}, {@code []} and {@code {}} when empty),
 * times in RFC 3339 with nanoseconds, floats without a needless ".0", and {@code < > &}
 * escaped. Thread-safe.
 */
final class GoJson {
    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectWriter INDENTED = MAPPER.writer(goIndent());
    private static final ObjectWriter COMPACT = MAPPER.writer();

    private GoJson() {
    }

    /** Like Go's json.MarshalIndent(v, "", "  "). */
    static byte[] indented(Object value) {
        try {
            return INDENTED.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("monitoring records are plain data", e);
        }
    }

    /** Like Go's json.Marshal(v). */
    static byte[] compact(Object value) {
        try {
            return COMPACT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("monitoring records are plain data", e);
        }
    }

    /** The mapper, for tests that read documents back. */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper newMapper() {
        SimpleModule m = new SimpleModule("go-json");
        m.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(GoTime.rfc3339(v));
            }
        });
        JsonSerializer<Double> floats = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeNumber(goFloat(v));
            }
        };
        m.addSerializer(Double.class, floats);
        m.addSerializer(double.class, floats);
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(m);
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        mapper.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
        return mapper;
    }

    /** Go writes 2.0 as 2 and 0.25 as 0.25; NaN and infinities cannot occur in our data. */
    static String goFloat(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static DefaultPrettyPrinter goIndent() {
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        Separators s = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEntrySpacing(Separators.Spacing.NONE)
                .withArrayValueSpacing(Separators.Spacing.NONE)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(s);
        pp.indentObjectsWith(twoSpaces);
        pp.indentArraysWith(twoSpaces);
        return pp;
    }

    /** Go's HTML-safe escaping of {@code < > &}. */
    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private final int[] ascii;

        HtmlSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
